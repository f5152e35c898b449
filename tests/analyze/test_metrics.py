"""Reported metrics (print, logging, log calls, dicts, JSON files) -> Metric facts."""

from __future__ import annotations

import pytest

from sagebridge.analyze.metrics import find_metrics

from .conftest import parse

CASES = [
    pytest.param(
        """
        def test():
            print("\\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\\n".format(
                test_loss, correct, len(test_loader.dataset), accuracy))
        """,
        [("test_accuracy", "correct / len(test_loader.dataset)", 3), ("test_loss", "test_loss", 3)],
        id="mnist-format-ratio",
    ),
    pytest.param(
        'print("Test accuracy: {:.4f}".format(acc))', [("test_accuracy", "acc", 1)], id="format"
    ),
    pytest.param(
        'print(f"val acc: {acc:.2f}%")',
        [("validation_accuracy", "acc / 100", 1)],
        id="fstring-percent",
    ),
    pytest.param(
        'print(f"val acc: {100 * acc:.1f}%")',
        [("validation_accuracy", "acc", 1)],
        id="times-hundred",
    ),
    pytest.param(
        'print(f"test acc {100.0 * correct / total:.1f}%")',
        [("test_accuracy", "correct / total", 1)],
        id="leading-hundred",
    ),
    pytest.param(
        'print(f"test acc {acc:.1%}")', [("test_accuracy", "acc", 1)], id="percent-format-spec"
    ),
    pytest.param(
        'print("validation auc: %.4f" % roc_auc_score(y, p))',
        [("validation_auc", "roc_auc_score(y, p)", 1)],
        id="percent-operator",
    ),
    pytest.param(
        'logger.info("Validation log loss %.4f, f1 %.3f", ll, f1)',
        [("validation_f1", "f1", 1), ("validation_logloss", "ll", 1)],
        id="logging-args",
    ),
    pytest.param(
        'print("Test loss:", loss, "accuracy:", a + b)',
        [("test_accuracy", "a + b", 1), ("test_loss", "loss", 1)],
        id="print-arguments",
    ),
    pytest.param(
        'def evaluate(model):\n    print("accuracy", acc)',
        [("validation_accuracy", "acc", 2)],
        id="phase-from-function",
    ),
    pytest.param(
        "def validate(loader):\n"
        '    print(" * Acc@1 {top1.avg:.3f} Acc@5 {top5.avg:.3f}".format(top1=top1, top5=top5))',
        [("validation_accuracy", "top1.avg", 2), ("validation_top5_accuracy", "top5.avg", 2)],
        id="format-field-attribute-top-k",
    ),
    pytest.param(
        "def validate(loader):\n"
        '    print(" * Prec@1 {top1.avg:.3f} Prec@5 {top5.avg:.3f}".format(top1=top1, top5=top5))',
        [("validation_accuracy", "top1.avg", 2), ("validation_top5_accuracy", "top5.avg", 2)],
        id="prec-at-k-is-top-k-accuracy",
    ),
    pytest.param(
        'print(f"test prec {q:.3f}")',
        [("test_precision", "q", 1)],
        id="prec-without-k-is-precision",
    ),
    pytest.param(
        'print("test auc {0[auc]:.3f} loss {0[1]}".format(scores))',
        [("test_auc", "scores['auc']", 1), ("test_loss", "scores[1]", 1)],
        id="format-field-index",
    ),
    pytest.param('mlflow.log_metric("test_auc", auc)', [("test_auc", "auc", 1)], id="mlflow"),
    pytest.param(
        'self.log("val_loss", loss)', [("validation_loss", "loss", 1)], id="lightning-log"
    ),
    pytest.param(
        'wandb.log({"val_acc": acc, "epoch": e})',
        [("validation_accuracy", "acc", 1)],
        id="wandb-dict",
    ),
    pytest.param(
        'writer.add_scalar("Loss/test", l, step)', [("test_loss", "l", 1)], id="tensorboard"
    ),
    pytest.param(
        'print("Train Epoch: {} Loss: {:.6f}".format(epoch, loss.item()))',
        [("train_loss", "loss.item()", 1)],
        id="train-phase-recorded",
    ),
    pytest.param('print("accuracy", acc)', [("accuracy", "acc", 1)], id="no-phase"),
    pytest.param('print("Using device:", device)', [], id="not-a-metric"),
    pytest.param(
        'print("test acc {}".format(acc))\nprint("test acc again {}".format(acc2))',
        [("test_accuracy", "acc", 1)],
        id="first-report-wins",
    ),
    pytest.param(
        'print("Test acc {0.value}".format(m))',
        [("test_accuracy", "m.value", 1)],
        id="attribute-field-is-what-format-reads",
    ),
    pytest.param('print("Test acc {0.value()}".format(m))', [], id="call-field-is-not-named"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_find_metrics(source: str, expected: list[tuple]) -> None:
    found = find_metrics(parse(source))
    assert [(m.name, m.expression, m.line) for m in found] == expected


# (source, [(name, expression, phase, held_out, greater_is_better, reported_by)])
STYLES = [
    pytest.param(
        'print("RMSE: %s" % rmse)',
        [("rmse", "rmse", "unlabelled", True, False, "print")],
        id="rmse-unlabelled",
    ),
    pytest.param(
        'print(f"val_loss={v:.3f}")',
        [("validation_loss", "v", "validation", True, False, "print")],
        id="val_loss-equals",
    ),
    pytest.param(
        "print(f\"step {i}: train loss {losses['train']:.4f}, val loss {losses['val']:.4f}\")",
        [
            ("train_loss", "losses['train']", "train", False, False, "print"),
            ("validation_loss", "losses['val']", "validation", True, False, "print"),
        ],
        id="nanogpt-step",
    ),
    pytest.param(
        'print("valid ppl {:8.2f}".format(math.exp(l)))',
        [("validation_perplexity", "math.exp(l)", "validation", True, False, "print")],
        id="valid-ppl",
    ),
    pytest.param(
        "print('| end of epoch {:3d} | valid loss {:5.2f} | valid ppl {:8.2f}'.format(e, v, math.exp(v)))",
        [
            ("validation_loss", "v", "validation", True, False, "print"),
            ("validation_perplexity", "math.exp(v)", "validation", True, False, "print"),
        ],
        id="word-lm-epoch",
    ),
    pytest.param(
        'logging.info("val_auc=%.4f", auc)',
        [("validation_auc", "auc", "validation", True, True, "logging")],
        id="logging-percent",
    ),
    pytest.param(
        'mlflow.log_metric("rmse", rmse)',
        [("rmse", "rmse", "unlabelled", True, False, "log_call")],
        id="mlflow-unlabelled",
    ),
    pytest.param(
        'mlflow.log_metrics({"mae": mae, "r2": r2, "alpha": 0.5})',
        [
            ("mae", "mae", "unlabelled", True, False, "log_call"),
            ("r2", "r2", "unlabelled", True, True, "log_call"),
        ],
        id="mlflow-log-metrics",
    ),
    pytest.param(
        'print({"eval_accuracy": acc})',
        [("validation_accuracy", "acc", "validation", True, True, "dict")],
        id="printed-dict",
    ),
    pytest.param(
        'metric = evaluate.load("accuracy")\nmetrics = metric.compute(predictions=p, references=r)\nprint(f"epoch {e}: {metrics}")',
        [("accuracy", "metrics['accuracy']", "unlabelled", True, True, "dict")],
        id="evaluate-compute-dict",
    ),
    pytest.param(
        'scores = {"f1": f1}\nscores["bleu"] = b\nscores.update(nll=n)\nprint("eval", scores)',
        [
            ("validation_bleu", "scores['bleu']", "validation", True, True, "dict"),
            ("validation_f1", "scores['f1']", "validation", True, True, "dict"),
            ("validation_nll", "scores['nll']", "validation", True, False, "dict"),
        ],
        id="dict-variable-built-up",
    ),
    pytest.param(
        'def evaluate(model):\n    return {"val_loss": total / n, "map": m}',
        [
            ("validation_map", "m", "validation", True, True, "return"),
            ("validation_loss", "total / n", "validation", True, False, "return"),
        ],
        id="returned-dict",
    ),
    pytest.param(
        'import json\nwith open("metrics.json", "w") as f:\n    json.dump({"accuracy": acc, "model": "rf"}, f)',
        [("accuracy", "acc", "unlabelled", True, True, "file")],
        id="json-dump",
    ),
    pytest.param(
        'import json\nprint(f"val mae {mae}")\nPath("m.json").write_text(json.dumps({"mae": mae}))',
        [("validation_mae", "mae", "validation", True, False, "print")],
        id="json-dumps-same-value-not-twice",
    ),
    pytest.param(
        'print("Loss: {:.6f} after {} batches".format(loss, i))',
        [("loss", "loss", "unlabelled", False, False, "print")],
        id="bare-loss-is-training",
    ),
    pytest.param(
        "print('[%d/%d] Loss_D: %.4f Loss_G: %.4f D(x): %.4f' % (e, n, errD, errG, dx))",
        [],
        id="gan-two-losses-ambiguous",
    ),
    pytest.param(
        'print(f"test error {err:.3f}, test mse {mse}")',
        [
            ("test_error", "err", "test", True, False, "print"),
            ("test_mse", "mse", "test", True, False, "print"),
        ],
        id="error-mse",
    ),
    pytest.param(
        'print({"optimizer": "adam", "loss": "mse"})', [], id="config-dict-is-not-a-metric"
    ),
]


@pytest.mark.parametrize(("source", "expected"), STYLES)
def test_report_styles(source: str, expected: list[tuple]) -> None:
    found = find_metrics(parse(source))
    assert [
        (m.name, m.expression, str(m.phase), m.held_out, m.greater_is_better, str(m.reported_by))
        for m in sorted(found, key=lambda m: m.name)
    ] == sorted(expected)


def test_a_metric_reported_twice_keeps_every_place() -> None:
    """A loss printed every 200 batches and again after the loop: both places are kept, so the
    migrated script's last logged value is the final one (not the first batch's)."""
    source = (
        "for i in range(1000):\n"
        "    loss = step()\n"
        "    if i % 200 == 0:\n"
        "        print('batch {}: loss {:.6f}'.format(i, loss))\n"
        "print('Loss: {:.6f} after {} batches'.format(loss, i))\n"
        "print('final loss', final)\n"
    )
    [metric] = find_metrics(parse(source))
    assert (metric.name, metric.line, metric.expression) == ("loss", 4, "loss")
    assert metric.also_at == ((5, "loss"), (6, "final"))
