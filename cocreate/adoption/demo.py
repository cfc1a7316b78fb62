"""Demo adoption campaign: filled in below."""


def seed_demo(ctx) -> None:
    return None
