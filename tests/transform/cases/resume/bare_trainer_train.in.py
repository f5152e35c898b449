from transformers import Trainer, TrainingArguments

trainer = Trainer(model=None, args=TrainingArguments(output_dir="runs"))
trainer.train()
print(trainer.evaluate())
