"""Demo decisions (filled in below)."""


def seed_demo(context) -> None:
    return None
