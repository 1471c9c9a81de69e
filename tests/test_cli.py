"""The command line as a user meets it: JSON for scripts, tables for people, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from segsearch.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_search_json_matches_the_table(built_index: Path) -> None:
    as_json = run("search", "person and not dog", "--index", str(built_index), "--json", "-k", "5")
    assert as_json.exit_code == 0
    hits = json.loads(as_json.stdout)
    assert 0 < len(hits) <= 5
    assert all(set(h) >= {"path", "score", "matches"} for h in hits)
    assert all(m["class"] == "person" for h in hits for m in h["matches"])
    table = run("search", "person and not dog", "--index", str(built_index), "-k", "5")
    positions = [table.stdout.find(Path(h["path"]).name) for h in hits]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    # the table says how the words were read, where they are more than one thing to find
    assert table.stdout.startswith("images matching 'person and not dog', read as: person and no dog\n")
    plain = run("search", "people", "--index", str(built_index), "-k", "1")
    assert plain.stdout.startswith("images matching 'people'\n")


def test_a_describing_word_is_searched_without_and_named_on_stderr(built_index: Path) -> None:
    plain = run("search", "person and not dog", "--index", str(built_index), "--json", "-k", "5")
    tall = run("search", "a tall person and not dog", "--index", str(built_index), "--json", "-k", "5")
    assert tall.exit_code == 0 and json.loads(tall.stdout) == json.loads(plain.stdout)  # stdout stays pure JSON
    assert "does not see 'tall'" in tall.stderr and "does not see" not in plain.stderr
    # a kind no network tells apart: the whole's photos, and a line saying so
    kind = run("search", "a squirrel", "--index", str(built_index), "--json", "-k", "5")
    whole = run("search", "an animal", "--index", str(built_index), "--json", "-k", "5")
    assert kind.exit_code == 0 and json.loads(kind.stdout) and json.loads(kind.stdout) == json.loads(whole.stdout)
    assert "note: no network tells 'squirrel' from other animals: searched for any animal" in kind.stderr
    assert "no network tells" not in whole.stderr + tall.stderr


def test_words_need_no_quotes_and_do_not_mix_with_several_example_photos(built_index: Path, photo_dir: Path) -> None:
    quoted = run("search", "a person but no dog", "--index", str(built_index), "--json")
    unquoted = run("search", "a", "person", "but", "no", "dog", "--index", str(built_index), "--json")
    assert quoted.exit_code == 0 and json.loads(quoted.stdout) and json.loads(unquoted.stdout) == json.loads(quoted.stdout)
    photo = str(photo_dir / "samples" / "astronaut.jpg")
    both = run("search", "person", "--image", photo, "--image", photo, "--index", str(built_index))
    assert both.exit_code == 2 and "not both" in both.stderr and both.stdout == ""


def test_vocabulary_lists_every_word_and_answers_one() -> None:
    from segsearch.vocabulary import vocabulary

    from segsearch.colours import COLOURS
    from segsearch.vocabulary import COLOUR_WORDS

    listing = json.loads(run("vocabulary", "--json").stdout)
    concepts = [c for c in listing if c["kind"] not in ("colour", "look", "when", "order", "camera")]
    assert len(concepts) == len(vocabulary().concepts) >= 200
    assert sorted(w for c in concepts for w in c["words"]) == sorted(vocabulary().words)
    colours = {c["concept"]: c["words"] for c in listing if c["kind"] == "colour"}
    assert sorted(colours) == sorted(COLOURS) and sorted(w for ws in colours.values() for w in ws) == sorted(COLOUR_WORDS)
    teddy = run("vocabulary", "teddybear", "--json")  # typed as one, as searches read it
    assert teddy.exit_code == 0 and [c["concept"] for c in json.loads(teddy.stdout)] == ["teddy bear"]
    zebra = run("vocabulary", "zebras", "--json")
    assert zebra.exit_code == 0 and [c["labels"] for c in json.loads(zebra.stdout)] == [["coco:zebra"]]
    light = run("vocabulary", "traffic", "lights", "--json")  # several words need no quotes
    assert light.exit_code == 0 and json.loads(light.stdout)[0]["concept"] == "traffic light"
    typo, look, colour = run("vocabulary", "beech"), run("vocabulary", "wooden"), run("vocabulary", "light", "blue", "--json")
    assert typo.exit_code == 1 and "did you mean 'beach'" in typo.stderr
    assert look.exit_code == 1 and "does not see 'wooden'" in look.stderr and "did you mean" not in look.stderr
    assert colour.exit_code == 0 and [(c["concept"], c["kind"]) for c in json.loads(colour.stdout)] == [("blue", "colour")]
    ginger = json.loads(run("vocabulary", "ginger", "--json").stdout)  # a coat's colours are said
    assert [(c["concept"], c["definition"].endswith("of an animal's coat orange or brown")) for c in ginger] == [("orange", True)]
    for said in (["black", "and", "white"], ["b&w"], ["monochrome"]):  # how the photo looks, not a colour
        shown = run("vocabulary", *said, "--json")
        assert shown.exit_code == 0 and [(c["concept"], c["kind"]) for c in json.loads(shown.stdout)] == [
            ("black and white", "look")], said
    for said in (["canon"], ["from", "my", "iphone"]):  # the cameras a search reads from EXIF
        shown = run("vocabulary", *said, "--json")
        assert shown.exit_code == 0 and [(c["concept"], "iphone" in c["words"]) for c in json.loads(shown.stdout)] == [
            ("camera", True)], said
    for said, concept in ((["in", "colour"], "in colour"), (["colour photos"], "in colour"),
                          (["panoramas"], "panorama"), (["vertical"], "vertical")):  # the photo's other looks, shapes
        shown = run("vocabulary", *said, "--json")
        assert shown.exit_code == 0 and [(c["concept"], c["kind"]) for c in json.loads(shown.stdout)] == [
            (concept, "look")], said
    assert {c["concept"] for c in listing if c["kind"] == "look"} == {"black and white", "in colour", "vertical",
                                                                      "horizontal", "panorama", "square"}
    for said, concept in ((["last", "summer"], "when taken"), (["june", "2019"], "when taken"), (["2019"], "when taken"),
                          (["recent"], "newest first"), (["oldest"], "oldest first"), (["most"], "most first"),
                          (["least"], "fewest first")):  # dates and orders
        shown = run("vocabulary", *said, "--json")
        assert shown.exit_code == 0 and [c["concept"] for c in json.loads(shown.stdout)] == [concept], said
    assert {c["concept"] for c in listing if c["kind"] in ("when", "order")} == \
        {"when taken", "newest first", "oldest first", "most first", "fewest first"}
    dog, fire = run("vocabulary", "🐶", "--json"), run("vocabulary", "🔥")  # an emoji: what it stands for
    assert dog.exit_code == 0 and json.loads(dog.stdout)[0]["concept"] == "dog"
    assert fire.exit_code == 1 and "'🔥' (fire)" in fire.stderr
    # unlabelled things: left out, or searched through the animal they are made for
    pit, tree = run("vocabulary", "fire", "pit"), run("vocabulary", "cat", "tree")
    assert pit.exit_code == 1 and "labels 'fire pit': searches leave it out" in pit.stderr
    assert tree.exit_code == 1 and "labels 'cat tree': searches look for the cat instead" in tree.stderr


def test_example_search_json_and_contact_sheet(built_index: Path, photo_dir: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.html"
    result = run("search", "--image", str(photo_dir / "samples" / "astronaut.jpg"), "--index", str(built_index),
                 "--json", "-k", "3", "--contact-sheet", str(sheet))
    assert result.exit_code == 0
    hits = json.loads(result.stdout)
    assert len(hits) == 3
    first = hits[0]["matches"][0]
    assert first["query_object"] == 1 and first["class"] == "person" and len(first["bbox"]) == 4
    assert sheet.read_text().count("<figure>") == 3


def test_segment_json_and_overlay(photo_dir: Path, tmp_path: Path) -> None:
    overlay = tmp_path / "overlay.png"
    result = run("segment", str(photo_dir / "samples" / "cats" / "chelsea.png"), "--json", "--overlay", str(overlay))
    assert result.exit_code == 0
    [entry] = json.loads(result.stdout)
    assert (entry["width"], entry["height"]) == (451, 300)
    assert entry["classes"]["cat"] > 0.75  # measured 0.809
    assert abs(sum(entry["classes"].values()) - 1) < 0.01
    from PIL import Image

    assert Image.open(overlay).size == (451, 300)


def test_segment_says_a_few_pixels_of_a_class_as_under_a_tenth_of_a_percent(photo_dir: Path) -> None:
    """ADE20K labels a few pixels of many classes in most photos: "pot 0.0%" read as none of it."""
    photo = str(photo_dir / "samples" / "cats" / "chelsea.png")
    fractions = json.loads(run("segment", photo, "--model", "ade20k", "--json").stdout)[0]["classes"]
    text = run("segment", photo, "--model", "ade20k").stdout
    assert any(0 < v < 0.0005 for v in fractions.values()) and " 0.0%" not in text
    for name, v in fractions.items():
        assert f"{name} {'<0.1%' if v < 0.0005 else f'{v:.1%}'}" in text


def test_stats_and_models_json(built_index: Path) -> None:
    stats = json.loads(run("stats", "--index", str(built_index), "--json").stdout)
    assert stats["images"] == 26 and stats["segments"] > 0
    models = json.loads(run("models", "--json").stdout)
    default = [m for m in models if m["default"]]
    assert default[0]["name"] == "deeplabv3-mobilenetv2" and default[0]["weights_available"]


@pytest.mark.parametrize("args, message", [
    (["search", "unicorn"], "unknown word 'unicorn'"),
    (["search", ""], "empty query"),
    (["search", "(cat or dog"], "never closed"),
    (["search"], "give words"),
    (["search", "--image", "/no/such/photo.jpg"], "query image not found"),
    (["search", "--image", "{folder}"], "is a folder: search by example takes one photo"),
    (["search", "cat", "--index", "{file}"], "is a file, not an index folder"),
    (["search", "cat", "--index", "/no/such/index"], "no index at /no/such/index"),
    (["stats", "--index", "/no/such/index"], "no index at"),
    (["index", "/no/such/folder"], "no such file or directory"),
    (["segment", "--model", "resnet9000", "x.jpg"], "unknown model"),
])
def test_bad_input_is_one_line_and_nonzero(args: list[str], message: str, built_index: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not an index")
    args = [a.format(folder=tmp_path, file=tmp_path / "notes.txt") for a in args]
    if "--index" not in args and args[0] == "search":
        args = args + ["--index", str(built_index)]
    proc = subprocess.run([sys.executable, "-m", "segsearch", *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_not_an_image_as_query_is_one_line(built_index: Path, tmp_path: Path) -> None:
    text_file = tmp_path / "notes.jpg"
    text_file.write_text("these are not pixels")
    proc = subprocess.run([sys.executable, "-m", "segsearch", "search", "--image", str(text_file), "--index", str(built_index)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "not an image" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_help_shows_the_computed_defaults() -> None:
    """Help text in square brackets would be taken for Rich markup and vanish."""
    text = " ".join(run("index", "--help").stdout.replace("│", " ").split())  # unwrap the panel
    for default in ("(default: $SEGSEARCH_INDEX", "(default: 1 on CPU; 32 on a GPU, 8 on one under 10 GB)",
                    "(default: CPU cores, at most 8; at most 4 beside a GPU)"):
        assert default in text


def test_every_command_and_option_is_documented_in_the_readme() -> None:
    """A command or option the README does not mention is a defect (sqlite-utils' rule)."""
    import typer

    from segsearch.cli import app

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    group = typer.main.get_command(app)
    assert hasattr(group, "commands") and len(group.commands) >= 10
    missing = []

    def visit(command, path: list[str]) -> None:  # type: ignore[no-untyped-def]
        name = " ".join(path)
        if f"segsearch {name}" not in readme:
            missing.append(f"segsearch {name}")
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt not in ("--help", "--model") and opt not in readme:
                    missing.append(f"{name} {opt}")
        if hasattr(command, "commands"):
            for sub_name, sub in command.commands.items():
                visit(sub, path + [sub_name])

    for name, command in group.commands.items():  # type: ignore[attr-defined]
        visit(command, [name])
    assert not missing, missing
