"""Writes the small synthetic corpus shipped in data/synth (run once; the output is committed).

Sentences come from a tiny probabilistic grammar so that a language model has real structure
to learn: subjects agree with verbs, adjectives come before nouns, and so on.
"""
import os
import random

SUBJECTS = {
    "sg": ["the cat", "a dog", "the farmer", "my neighbour", "the old king", "a small bird",
           "the teacher", "our captain", "the river", "a stranger"],
    "pl": ["the cats", "two dogs", "the farmers", "my neighbours", "the soldiers", "some birds",
           "the children", "our sailors", "the hills", "many strangers"],
}
VERBS = {
    "sg": ["sees", "follows", "finds", "likes", "watches", "calls", "helps", "remembers"],
    "pl": ["see", "follow", "find", "like", "watch", "call", "help", "remember"],
}
ADJ = ["green", "quiet", "bright", "heavy", "strange", "warm", "broken", "distant", "golden"]
OBJ = ["house", "garden", "boat", "letter", "lamp", "road", "window", "forest", "bridge", "song"]
PLACES = ["in the morning", "at night", "near the sea", "under the bridge", "after the rain",
          "before dinner", "by the fire"]


def sentence(rng):
    num = rng.choice(["sg", "pl"])
    words = [rng.choice(SUBJECTS[num]), rng.choice(VERBS[num])]
    obj = "the " + (rng.choice(ADJ) + " " if rng.random() < 0.6 else "") + rng.choice(OBJ)
    words.append(obj)
    if rng.random() < 0.4:
        words.append(rng.choice(PLACES))
    if rng.random() < 0.25:
        words += ["and", rng.choice(VERBS[num]), "the " + rng.choice(OBJ)]
    return " ".join(words) + " ."


def main(out="data/synth", seed=1234):
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    for name, n_lines in [("train.txt", 1000), ("valid.txt", 120), ("test.txt", 120)]:
        with open(os.path.join(out, name), "w") as f:
            for _ in range(n_lines):
                f.write(" ".join(sentence(rng) for _ in range(rng.randint(1, 3))) + "\n")


if __name__ == "__main__":
    main()
