"""Reading ``notification`` frames in tests."""


def written(frame: dict) -> list[str]:
    """The pieces of a notice's sentence that members wrote (marked with their language)."""
    assert "".join(part["text"] for part in frame["parts"]) == frame["text"]
    return [part["text"] for part in frame["parts"] if part["lang"]]
