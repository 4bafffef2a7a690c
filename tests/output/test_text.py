"""The values every output spells the same way."""

from searchtool.output.text import human_size, record_path, with_posts


def test_a_record_of_a_multi_record_file_is_its_path_and_number():
    assert record_path("un/speeches.jsonl", 3) == "un/speeches.jsonl#3"
    assert record_path("statements/01.txt", None) == "statements/01.txt"


def test_each_speaker_gets_their_own_post():
    assert with_posts(["A", "B", "C"], ["", "Minister"]) == ["A", "B (Minister)", "C"]


def test_sizes_in_powers_of_a_thousand():
    assert [human_size(n) for n in (512, 105_200, 1_300_000, 2_500_000_000_000)] == [
        "512 B", "105.2 KB", "1.3 MB", "2500.0 GB"
    ]
