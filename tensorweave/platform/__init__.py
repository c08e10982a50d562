"""TF 1's platform helpers, written without absl: ``tf.logging`` (``tf_logging``),
``tf.flags``/``tf.app.flags`` (``flags``), ``tf.app.run`` (``app``) and ``tf.gfile`` /
``tf.io.gfile`` (``gfile``). ``tensorweave.compat.v1`` loads each on first use."""
