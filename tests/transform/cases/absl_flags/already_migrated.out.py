from absl import app, flags
import sagebridge_runtime

FLAGS = flags.FLAGS
flags.DEFINE_integer("epochs", 10, "rounds")
flags.DEFINE_boolean("shuffle", True, "shuffle")


def main(argv):
    del argv
    print(FLAGS.epochs, FLAGS.shuffle)


if __name__ == "__main__":
    sagebridge_runtime.absl_argv()  # SageMaker's --name value as --name=value
    app.run(main)
