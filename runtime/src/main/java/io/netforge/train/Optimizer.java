package io.netforge.train;

import io.netforge.train.optim.AdaGradUpdater;
import io.netforge.train.optim.AdamUpdater;
import io.netforge.train.optim.RmsPropUpdater;
import io.netforge.train.optim.SgdUpdater;
import io.netforge.train.optim.UpdateRule;
import io.netforge.train.optim.Updater;
import io.netforge.train.state.Checks;
import io.netforge.train.state.Numbers;
import io.netforge.train.state.PyFormat;

/**
 * Optimizers with PyTorch's update rules; each parameter gets its own {@link Updater} with its state.
 *
 * <p>{@link #learningRate()} is the base rate; the trainer passes the rate of each step to
 * {@link Updater#update}, so a schedule changes it without touching the optimizer's state. {@code toString()}
 * prints the settings as PyTorch names them, e.g. {@code Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)}.
 */
public sealed interface Optimizer extends UpdateRule
        permits Optimizer.Sgd, Optimizer.Adam, Optimizer.AdamW, Optimizer.AdaGrad, Optimizer.RmsProp {

    /** The base learning rate. */
    double learningRate();

    /** Same optimizer with another learning rate. */
    Optimizer withLearningRate(double learningRate);

    /**
     * Fresh state for one parameter of the given shape.
     *
     * @param decay whether the optimizer's weight decay applies to this parameter; {@code false} applies none,
     *              neither the decay added to the gradient nor AdamW's decoupled decay
     */
    @Override
    Updater newUpdater(long[] shape, boolean decay);

    /** Fresh state for one parameter of the given shape, with weight decay. */
    default Updater newUpdater(long[] shape) {
        return newUpdater(shape, true);
    }

    /** The settings as {@code toString()} prints them: what a checkpoint stores as the optimizer's kind. */
    @Override
    default String kind() {
        return toString();
    }

    /** Whether {@code kind} (another optimizer's {@link #kind()}, read strictly) is an optimizer of this type. */
    @Override
    default boolean sameType(String kind) {
        return parse(kind).getClass() == getClass();
    }

    @Override
    default boolean sameSettings(String kind) {
        return parse(kind).withLearningRate(learningRate()).equals(this);
    }

    /**
     * The optimizer whose {@code toString()} is {@code text}, read strictly: one of the five kinds with exactly its
     * settings in order, numbers in decimal (no hex, no NaN or infinities), each setting in its range, and the text
     * exactly what that optimizer prints.
     *
     * @throws IllegalArgumentException for anything else, naming what is wrong
     */
    static Optimizer parse(String text) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("([A-Za-z]+)\\((.*)\\)").matcher(text);
        if (text.length() > 1000 || !m.matches()) {
            throw new IllegalArgumentException("not an optimizer: \"" + text + "\"");
        }
        java.util.List<String> keys = switch (m.group(1)) {
            case "SGD" -> java.util.List.of("lr", "momentum", "dampening", "nesterov", "weight_decay");
            case "Adam", "AdamW" -> java.util.List.of("lr", "betas", "eps", "weight_decay");
            case "Adagrad" -> java.util.List.of("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps");
            case "RMSprop" -> java.util.List.of("lr", "alpha", "eps", "weight_decay", "momentum", "centered");
            default -> throw new IllegalArgumentException("unknown optimizer " + m.group(1));
        };
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher kv = java.util.regex.Pattern.compile("([a-z_]+)=(\\([^()]*\\)|[^,()]*)(, |$)")
                .matcher(m.group(2));
        int at = 0;
        while (at < m.group(2).length() && kv.find(at) && kv.start() == at) {
            values.put(kv.group(1), kv.group(2));
            at = kv.end();
        }
        if (at != m.group(2).length() || !java.util.List.copyOf(values.keySet()).equals(keys)) {
            throw new IllegalArgumentException("\"" + text + "\" does not list " + m.group(1) + "'s settings " + keys);
        }
        double lr = Numbers.parseDouble(values.get("lr"), false);
        Optimizer parsed = switch (m.group(1)) {
            case "SGD" ->
                new Sgd(
                        lr,
                        number(values, "momentum"),
                        number(values, "dampening"),
                        bool(values, "nesterov"),
                        number(values, "weight_decay"));
            case "Adam", "AdamW" -> {
                String betas = values.get("betas");
                String[] b = betas.length() > 2
                        ? betas.substring(1, betas.length() - 1).split(", ", -1)
                        : new String[0];
                if (b.length != 2) {
                    throw new IllegalArgumentException("betas " + betas + " is not a pair");
                }
                double b1 = Numbers.parseDouble(b[0], false);
                double b2 = Numbers.parseDouble(b[1], false);
                yield m.group(1).equals("Adam")
                        ? new Adam(lr, b1, b2, number(values, "eps"), number(values, "weight_decay"))
                        : new AdamW(lr, b1, b2, number(values, "eps"), number(values, "weight_decay"));
            }
            case "Adagrad" ->
                new AdaGrad(
                        lr,
                        number(values, "lr_decay"),
                        number(values, "weight_decay"),
                        number(values, "initial_accumulator_value"),
                        number(values, "eps"));
            default ->
                new RmsProp(
                        lr,
                        number(values, "alpha"),
                        number(values, "eps"),
                        number(values, "weight_decay"),
                        number(values, "momentum"),
                        bool(values, "centered"));
        };
        if (!parsed.toString().equals(text)) {
            throw new IllegalArgumentException("\"" + text + "\" is not written as NetForge writes " + parsed);
        }
        return parsed;
    }

    /** Adam's and AdamW's settings, which differ only in how the weight decay is applied. */
    private static void checkAdam(double learningRate, double beta1, double beta2, double eps, double weightDecay) {
        Checks.learningRate("learningRate", learningRate);
        Checks.inRange("beta1", beta1, 0, 1);
        Checks.inRange("beta2", beta2, 0, 1);
        Checks.positive("eps", eps);
        Checks.nonNegative("weightDecay", weightDecay);
    }

    /** PyTorch's text of Adam or AdamW ({@code name}). */
    private static String adamText(String name, double lr, double beta1, double beta2, double eps, double weightDecay) {
        return name + "(lr=" + PyFormat.num(lr) + ", betas=(" + PyFormat.num(beta1) + ", " + PyFormat.num(beta2)
                + "), eps=" + PyFormat.num(eps) + ", weight_decay=" + PyFormat.num(weightDecay) + ")";
    }

    private static double number(java.util.Map<String, String> values, String key) {
        return Numbers.parseDouble(values.get(key), false);
    }

    private static boolean bool(java.util.Map<String, String> values, String key) {
        return switch (values.get(key)) {
            case "True" -> true;
            case "False" -> false;
            default -> throw new IllegalArgumentException(key + " is " + values.get(key) + ", not True or False");
        };
    }

    /** {@code torch.optim.SGD}'s defaults: no momentum, no weight decay. */
    static Sgd sgd(double learningRate) {
        return new Sgd(learningRate, 0, 0, false, 0);
    }

    /** {@code torch.optim.Adam}'s defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    static Adam adam(double learningRate) {
        return new Adam(learningRate, 0.9, 0.999, 1e-8, 0);
    }

    /** {@code torch.optim.AdamW}'s defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    static AdamW adamW(double learningRate) {
        return new AdamW(learningRate, 0.9, 0.999, 1e-8, 0.01);
    }

    /** {@code torch.optim.Adagrad}'s defaults: no lr decay, no weight decay, accumulator 0, eps 1e-10. */
    static AdaGrad adaGrad(double learningRate) {
        return new AdaGrad(learningRate, 0, 0, 0, 1e-10);
    }

    /** {@code torch.optim.RMSprop}'s defaults: alpha 0.99, eps 1e-8, no weight decay, no momentum, not centered. */
    static RmsProp rmsProp(double learningRate) {
        return new RmsProp(learningRate, 0.99, 1e-8, 0, 0, false);
    }

    /**
     * SGD as {@code torch.optim.SGD}: {@code g += wd * w}; with momentum {@code buf = momentum * buf + (1 - dampening) * g}
     * (first step {@code buf = g}, undampened); step {@code = nesterov ? g + momentum * buf : buf} (without momentum
     * {@code g}); {@code w -= lr * step}. Nesterov needs momentum > 0 and dampening 0.
     */
    record Sgd(double learningRate, double momentum, double dampening, boolean nesterov, double weightDecay)
            implements Optimizer {
        public Sgd {
            Checks.learningRate("learningRate", learningRate);
            Checks.inRange("momentum", momentum, 0, 1);
            Checks.inClosedRange("dampening", dampening, 0, 1);
            Checks.nonNegative("weightDecay", weightDecay);
            if (nesterov && (momentum == 0 || dampening != 0)) {
                throw new IllegalArgumentException(
                        "Nesterov momentum requires momentum > 0 and dampening = 0. Received: momentum=" + momentum
                                + ", dampening=" + dampening);
            }
        }

        /** Without dampening (the form generated trainers use). */
        public Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay) {
            this(learningRate, momentum, 0, nesterov, weightDecay);
        }

        @Override
        public Sgd withLearningRate(double lr) {
            return new Sgd(lr, momentum, dampening, nesterov, weightDecay);
        }

        @Override
        public Updater newUpdater(long[] shape, boolean decay) {
            double wd = decay ? weightDecay : 0;
            return new SgdUpdater(shape, momentum, dampening, nesterov, wd);
        }

        @Override
        public String toString() {
            return "SGD(lr=" + PyFormat.num(learningRate) + ", momentum=" + PyFormat.num(momentum) + ", dampening="
                    + PyFormat.num(dampening) + ", nesterov=" + PyFormat.bool(nesterov) + ", weight_decay="
                    + PyFormat.num(weightDecay) + ")";
        }
    }

    /**
     * Adam as {@code torch.optim.Adam}, weight decay added to the gradient (L2): {@code g += wd * w};
     * {@code m = b1 m + (1-b1) g}; {@code v = b2 v + (1-b2) g²};
     * {@code w -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)}.
     */
    record Adam(double learningRate, double beta1, double beta2, double eps, double weightDecay) implements Optimizer {
        public Adam {
            checkAdam(learningRate, beta1, beta2, eps, weightDecay);
        }

        @Override
        public Adam withLearningRate(double lr) {
            return new Adam(lr, beta1, beta2, eps, weightDecay);
        }

        @Override
        public Updater newUpdater(long[] shape, boolean decay) {
            return new AdamUpdater(shape, beta1, beta2, eps, decay ? weightDecay : 0, 0);
        }

        @Override
        public String toString() {
            return adamText("Adam", learningRate, beta1, beta2, eps, weightDecay);
        }
    }

    /**
     * AdamW (Loshchilov and Hutter) as {@code torch.optim.AdamW}, decay decoupled from the gradient:
     * {@code w -= lr * wd * w} (PyTorch's {@code param.mul_(1 - lr * weight_decay)}, with this step's lr) first, then
     * Adam on the unchanged gradient: {@code m = b1 m + (1-b1) g}; {@code v = b2 v + (1-b2) g²};
     * {@code w -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)}.
     */
    record AdamW(double learningRate, double beta1, double beta2, double eps, double weightDecay) implements Optimizer {
        public AdamW {
            checkAdam(learningRate, beta1, beta2, eps, weightDecay);
        }

        @Override
        public AdamW withLearningRate(double lr) {
            return new AdamW(lr, beta1, beta2, eps, weightDecay);
        }

        @Override
        public Updater newUpdater(long[] shape, boolean decay) {
            return new AdamUpdater(shape, beta1, beta2, eps, 0, decay ? weightDecay : 0);
        }

        @Override
        public String toString() {
            return adamText("AdamW", learningRate, beta1, beta2, eps, weightDecay);
        }
    }

    /**
     * AdaGrad as {@code torch.optim.Adagrad}: at step t, {@code clr = lr / (1 + (t-1) * lrDecay)}; {@code g += wd * w};
     * {@code sum += g²} ({@code sum} starts at {@code initialAccumulator}); {@code w -= clr * g / (sqrt(sum) + eps)}.
     */
    record AdaGrad(double learningRate, double lrDecay, double weightDecay, double initialAccumulator, double eps)
            implements Optimizer {
        public AdaGrad {
            Checks.learningRate("learningRate", learningRate);
            Checks.nonNegative("lrDecay", lrDecay);
            Checks.nonNegative("weightDecay", weightDecay);
            Checks.nonNegative("initialAccumulator", initialAccumulator);
            Checks.positive("eps", eps);
        }

        @Override
        public AdaGrad withLearningRate(double lr) {
            return new AdaGrad(lr, lrDecay, weightDecay, initialAccumulator, eps);
        }

        @Override
        public Updater newUpdater(long[] shape, boolean decay) {
            double wd = decay ? weightDecay : 0;
            return new AdaGradUpdater(shape, lrDecay, initialAccumulator, eps, wd);
        }

        @Override
        public String toString() {
            return "Adagrad(lr=" + PyFormat.num(learningRate) + ", lr_decay=" + PyFormat.num(lrDecay)
                    + ", weight_decay=" + PyFormat.num(weightDecay) + ", initial_accumulator_value="
                    + PyFormat.num(initialAccumulator) + ", eps=" + PyFormat.num(eps) + ")";
        }
    }

    /**
     * RMSProp as {@code torch.optim.RMSprop}: {@code g += wd * w}; {@code sq = alpha * sq + (1-alpha) * g²};
     * centered: {@code gavg = alpha * gavg + (1-alpha) * g}, {@code avg = sqrt(sq - gavg²) + eps}, else
     * {@code avg = sqrt(sq) + eps}; with momentum {@code buf = momentum * buf + g / avg}, {@code w -= lr * buf},
     * else {@code w -= lr * g / avg}.
     */
    record RmsProp(double learningRate, double alpha, double eps, double weightDecay, double momentum, boolean centered)
            implements Optimizer {
        public RmsProp {
            Checks.learningRate("learningRate", learningRate);
            Checks.inRange("alpha", alpha, 0, 1);
            Checks.positive("eps", eps);
            Checks.nonNegative("weightDecay", weightDecay);
            Checks.inRange("momentum", momentum, 0, 1);
        }

        @Override
        public RmsProp withLearningRate(double lr) {
            return new RmsProp(lr, alpha, eps, weightDecay, momentum, centered);
        }

        @Override
        public Updater newUpdater(long[] shape, boolean decay) {
            double wd = decay ? weightDecay : 0;
            return new RmsPropUpdater(shape, alpha, eps, momentum, centered, wd);
        }

        @Override
        public String toString() {
            return "RMSprop(lr=" + PyFormat.num(learningRate) + ", alpha=" + PyFormat.num(alpha) + ", eps="
                    + PyFormat.num(eps) + ", weight_decay=" + PyFormat.num(weightDecay) + ", momentum="
                    + PyFormat.num(momentum) + ", centered=" + PyFormat.bool(centered) + ")";
        }
    }
}
