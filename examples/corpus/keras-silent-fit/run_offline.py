"""Run train.py as a reader with pydot and graphviz would: plot_model only writes model.png.

Neither is installed here, and keras.utils.plot_model raises ImportError without them. Usage:
python run_offline.py [train.py]
"""

import runpy
import sys

import keras


def no_diagram(*args, **kwargs):
    print("(plot_model: model.png not drawn here)")


keras.utils.plot_model = no_diagram
script = sys.argv[1] if len(sys.argv) > 1 else "train.py"
sys.argv = [script]
runpy.run_path(script, run_name="__main__")
