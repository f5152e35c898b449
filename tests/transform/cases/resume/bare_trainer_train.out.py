from transformers import Trainer, TrainingArguments
import sagebridge_runtime

trainer = Trainer(model=None, args=TrainingArguments(output_dir="runs"))
trainer.train(resume_from_checkpoint=sagebridge_runtime.latest_checkpoint())
print(trainer.evaluate())
