"""`segsearch eval` on real labelled photos, and its metrics on hand-worked cases."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from segsearch.cli import app
from segsearch.evaluate import (Confusion, SetScores, average_precision, class_queries, class_fractions,
                                load_voc, precision_at, present_classes)

from .conftest import EVAL_DIR, ground_truth


def test_eval_json_on_20_real_photos_gives_sane_numbers(tmp_path: Path) -> None:
    kept = tmp_path / "kept-index"
    result = CliRunner().invoke(app, ["eval", str(EVAL_DIR), "--limit", "20", "--json",
                                      "--keep-index", str(kept)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["images"] == 20
    # measured on these 20 photos with the default networks: mIoU 0.770, pixel accuracy 0.882,
    # class-query F1 0.913 (14 queries), example mAP 0.772 / whole-image 0.583 (7 queries),
    # COCO words macro F1 objects 0.953 / scenes 0.637 (9 words each), phrases 0.902
    assert 0.74 <= report["segmentation"]["miou"] <= 0.80
    assert 0.86 <= report["segmentation"]["pixel_accuracy"] <= 0.90
    assert 0.87 <= report["class_query"]["f1"] <= 0.96 and report["class_query"]["queries"] == 14
    # photos where a queried class covers under 1% count neither way: only false positives can go
    strict, lenient = report["class_query"], report["class_query"]["small_ignored"]
    assert (lenient["true_positives"], lenient["false_negatives"]) == (strict["true_positives"], strict["false_negatives"])
    assert lenient["false_positives"] <= strict["false_positives"]
    example = report["example"]
    assert example["queries"] == 7
    # with 20 photos most classes have one or two other images, so P@10 is small by construction
    assert 0.70 <= example["map"] <= 0.80 and example["map"] > example["whole_image_map"] + 0.1
    words = report["words"]["strict"]
    assert words["object_words"]["fused"]["words"] == 9 and words["scene_words"]["fused"]["words"] == 9
    assert 0.90 <= words["object_words"]["fused"]["macro_f1"] <= 0.99
    assert 0.58 <= words["scene_words"]["fused"]["macro_f1"] <= 0.69
    assert words["object_words"]["fused"]["macro_f1"] > words["object_words"]["voc"]["macro_f1"] + 0.2
    assert report["words"]["small_ignored"]["object_words"]["fused"]["macro_f1"] >= \
        words["object_words"]["fused"]["macro_f1"]
    graded = example["graded"]  # nDCG@10 of COCO label-set overlap: 0.751 default, 0.686 scene, 0.523 objects
    assert graded["queries"] == 20
    assert graded["ndcg_at_10_combined"] > graded["ndcg_at_10_scene"] > graded["ndcg_at_10_class"]
    assert graded["ndcg_at_10_combined"] > graded["ndcg_at_10_objects"]
    assert 0.69 <= graded["ndcg_at_10_combined"] <= 0.79
    assert report["timings"]["analysis_ms_per_image"] > 0
    assert (kept / "index.db").is_file()  # --keep-index leaves a searchable index behind
    assert report["segmentation"]["images"] == 20

    # again on the kept index: nothing is analysed again, and the retrieval figures are the same
    again = CliRunner().invoke(app, ["eval", str(EVAL_DIR), "--limit", "20", "--json", "--keep-index", str(kept)],
                               catch_exceptions=False)
    assert again.exit_code == 0, again.output
    second = json.loads(again.stdout)
    assert second["images"] == 20 and second["segmentation"]["images"] == 0
    assert second["class_query"] == report["class_query"] and second["words"] == report["words"]
    human = CliRunner().invoke(app, ["eval", str(EVAL_DIR), "--limit", "20", "--keep-index", str(kept)],
                               catch_exceptions=False)
    assert human.exit_code == 0, human.output
    assert "segmentation: not measured" in human.stdout and "small ignored" in human.stdout
    assert "classes under 1% ignored" in human.stdout


def test_eval_ground_truth_presence_agrees_with_the_datasets_class_list() -> None:
    from segsearch.evaluate import VOC_CLASSES, read_truth

    listed = ground_truth()
    for sample in load_voc(EVAL_DIR, limit=30):
        present = {VOC_CLASSES[c] for c in present_classes(class_fractions(read_truth(sample.truth)))}
        assert present <= listed[sample.name]  # the list names every class, ours only those >= 1%


def test_eval_refuses_a_folder_that_is_not_a_voc_dataset(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 1
    assert "JPEGImages" in result.output and "Traceback" not in result.output


def test_confusion_matrix_iou_and_accuracy() -> None:
    truth = np.array([[0, 0, 15, 15], [0, 255, 15, 15]], dtype=np.uint8)
    predicted = np.array([[0, 15, 15, 15], [0, 0, 15, 0]], dtype=np.uint8)
    c = Confusion()
    c.add(truth, predicted)
    # background: tp 2, fp 1 (truth 15 → 0), fn 1 (truth 0 → 15); person: tp 3, fp 1, fn 1
    assert c.per_class_iou() == {"background": pytest.approx(2 / 4), "person": pytest.approx(3 / 5)}
    assert c.miou() == pytest.approx((0.5 + 0.6) / 2)
    assert c.pixel_accuracy() == pytest.approx(5 / 7)  # the void pixel is not counted


def test_ranking_metrics() -> None:
    ranked = [True, False, True, False, False]
    assert precision_at(ranked, 5) == pytest.approx(0.4)
    assert precision_at(ranked, 10) == pytest.approx(0.2)  # missing results are misses
    assert average_precision(ranked, 3) == pytest.approx((1 / 1 + 2 / 3) / 3)
    assert average_precision([], 0) == 0.0


def test_set_scores_are_micro_averaged() -> None:
    s = SetScores()
    s.add({1, 2}, {2, 3})
    s.add({4}, {4})
    d = s.as_dict()
    assert (d["true_positives"], d["false_positives"], d["false_negatives"]) == (2, 1, 1)
    assert d["precision"] == pytest.approx(2 / 3, abs=1e-4) and d["f1"] == pytest.approx(2 / 3, abs=1e-4)


def test_class_queries_are_singles_and_co_occurring_pairs() -> None:
    queries = class_queries([frozenset({15, 7}), frozenset({15}), frozenset({12, 15, 8})])
    assert queries == [(7,), (8,), (12,), (15,), (7, 15), (8, 12), (8, 15), (12, 15)]
