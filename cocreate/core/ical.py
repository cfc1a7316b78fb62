"""iCalendar (RFC 5545) text, for the calendar feeds of any app: written here because the feeds need only escaping
and line folding, not a library's object model."""


def ics_text(value: str) -> str:
    """Text escaped as RFC 5545 asks (backslash, semicolon, comma, new lines)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold_ics_line(line: str) -> str:
    """Lines longer than 75 octets are folded: continued on the next line after a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)
