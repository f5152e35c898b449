"""Hugging Face facts of the entry point the plan decides launch, resume and serving from.

    from accelerate import Accelerator; accelerator = Accelerator()   -> accelerator_line
    trainer = Trainer(...); trainer.train()                           -> bare_train_line
    AutoModelForTokenClassification.from_pretrained(...)              -> the class, its task
"""

from __future__ import annotations

import ast

from sagebridge.analyze.huggingface import accelerator_line
from sagebridge.analyze.source import ParsedModule
from sagebridge.model.training import HuggingFaceFacts, PretrainedHead

TRAINERS = ("Trainer",)  # Trainer, Seq2SeqTrainer, SFTTrainer...: names ending so
# The Auto classes (and their task heads) whose saved folder a transformers pipeline serves.
PIPELINE_TASKS = {
    "ForSequenceClassification": "text-classification",
    "ForTokenClassification": "token-classification",
    "ForMaskedLM": "fill-mask",
    "ForCausalLM": "text-generation",
}


def find_huggingface_facts(module: ParsedModule | None) -> HuggingFaceFacts:
    """The facts of the entry point (none when it was not parsed)."""
    if module is None:
        return HuggingFaceFacts()
    loaded = _loaded_class(module.nodes)
    return HuggingFaceFacts(
        accelerator_line=accelerator_line(module),
        bare_train_line=_bare_trainer_train(module.nodes),
        pretrained_head=PretrainedHead(*loaded) if loaded else None,
    )


def _bare_trainer_train(nodes: tuple[ast.AST, ...]) -> int | None:
    """The line of `name.train()`, no arguments, where `name = SomeTrainer(...)`."""
    trainers = {
        node.targets[0].id
        for node in nodes
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Call)
        and _callee(node.value).endswith(TRAINERS)
    }
    for node in nodes:
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "train"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in trainers
            and not node.args
            and not node.keywords
        ):
            return node.lineno
    return None


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _loaded_class(nodes: tuple[ast.AST, ...]) -> tuple[str, str] | None:
    """The first `X.from_pretrained(...)` whose class X names a served task head."""
    for node in nodes:
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "from_pretrained"
        ):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            for head, task in PIPELINE_TASKS.items():
                if name.endswith(head):
                    return name, task
    return None
