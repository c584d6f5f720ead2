"""A call's notes as stored, and as a person reads them."""

from dunning_tui.domain.call_notes import notes_text, readable_notes, split_notes


def test_the_line_being_typed_keeps_its_time_and_reads_as_unfinished() -> None:
    stored = notes_text(["00:12 dit que la compta est en congés"], "rappeler jeu", "01:05")
    assert stored == "00:12 dit que la compta est en congés\n✎@01:05 rappeler jeu"
    assert split_notes(stored) == (["00:12 dit que la compta est en congés"], "rappeler jeu", "01:05")
    assert readable_notes(stored) == "00:12 dit que la compta est en congés\n01:05 rappeler jeu ✎"


def test_notes_from_before_the_time_was_kept_read_the_same_way() -> None:
    assert readable_notes("00:12 ok\n✎ rappeler jeu") == "00:12 ok\nrappeler jeu ✎"
    assert readable_notes("00:12 ok") == "00:12 ok"
    assert readable_notes("") == ""
