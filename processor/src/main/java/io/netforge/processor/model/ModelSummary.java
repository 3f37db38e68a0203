package io.netforge.processor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The torchsummary-like table of a model, computed at compile time: per layer its operations, output
 * shape, parameters and forward FLOPs; then trainable parameters, non-trainable buffers (BatchNorm running
 * statistics), parameter memory, forward activation memory and FLOPs per sample (conventions in
 * {@link Cost}). Values are float32, 4 bytes each. The processor writes {@link #table()} as a resource and
 * the generated graph passes the rows to the runtime's {@code Summary}.
 *
 * @param rows one per layer, in order
 * @param activationValues values the forward pass of one sample writes, over all operations
 */
public record ModelSummary(
        String modelName, Shape input, int classes, List<Row> rows, long activationValues, String task) {
    /**
     * {@code "10 classes"}, for a regression model {@code "1 output"}, for a per-step classifier {@code "82 classes
     * per step"}.
     */
    public static String outputsText(int classes, String task) {
        return switch (task) {
            case "REGRESSION" -> classes + (classes == 1 ? " output" : " outputs");
            case "CLASS_PER_STEP" -> classes + " classes per step";
            default -> classes + " classes";
        };
    }

    /** A classifier's summary. */
    public ModelSummary(String modelName, Shape input, int classes, List<Row> rows, long activationValues) {
        this(modelName, input, classes, rows, activationValues, "CLASSIFICATION");
    }

    /** Bytes per value: NetForge trains in float32. */
    public static final int BYTES_PER_VALUE = 4;

    /**
     * One layer.
     *
     * @param type its operations joined with {@code +}, e.g. {@code Conv+BatchNorm+Relu}
     */
    public record Row(String name, String type, Shape output, long parameters, long buffers, long flops) {}

    public ModelSummary {
        rows = List.copyOf(rows);
    }

    public static ModelSummary of(ModelSpec model) {
        List<Row> rows = new ArrayList<>();
        long activations = 0;
        Shape shape = model.input();
        for (LayerSpec layer : model.layers()) {
            long parameters = 0;
            long buffers = 0;
            long flops = 0;
            for (OpSpec op : layer.ops()) {
                parameters += ParameterCount.of(shape, op);
                buffers += ParameterCount.buffers(shape, op);
                flops += Cost.flops(shape, op);
                activations += Cost.activations(shape, op);
                shape = ShapeInference.output(shape, op);
            }
            Shape out = shape;
            String type = layer.ops().stream()
                    .map(op -> op.role() == OpSpec.Role.BLOCK_END
                            ? ((ResidualOp) op).label(out)
                            : op.annotation().substring(1))
                    .collect(Collectors.joining("+"));
            rows.add(new Row(layer.name(), type, shape, parameters, buffers, flops));
        }
        return new ModelSummary(model.simpleName(), model.input(), model.classes(), rows, activations, model.task());
    }

    public long trainableParameters() {
        return rows.stream().mapToLong(Row::parameters).sum();
    }

    public long buffers() {
        return rows.stream().mapToLong(Row::buffers).sum();
    }

    public long flops() {
        return rows.stream().mapToLong(Row::flops).sum();
    }

    /** The table as printed by {@code -Anetforge.verbose=true}, written as a resource and returned by the trainer's {@code summary()}. */
    public String table() {
        String[] header = {"Layer (type)", "Output shape", "Param #", "FLOPs"};
        List<String[]> cells = new ArrayList<>();
        for (Row row : rows) {
            cells.add(new String[] {
                row.name() + " (" + row.type() + ")",
                row.output().text(),
                grouped(row.parameters()),
                grouped(row.flops())
            });
        }
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            width[c] = header[c].length();
            for (String[] line : cells) {
                width[c] = Math.max(width[c], line[c].length());
            }
        }
        int total = width[0] + width[1] + width[2] + width[3] + 3 * 3;
        StringBuilder sb = new StringBuilder();
        sb.append(modelName)
                .append(": input ")
                .append(input.text())
                .append(", ")
                .append(outputsText(classes, task))
                .append('\n');
        sb.append("-".repeat(total)).append('\n');
        line(sb, header, width);
        sb.append("=".repeat(total)).append('\n');
        for (String[] line : cells) {
            line(sb, line, width);
        }
        sb.append("=".repeat(total)).append('\n');
        long trainable = trainableParameters();
        long buffers = buffers();
        sb.append("Trainable params: ").append(grouped(trainable)).append('\n');
        sb.append("Non-trainable params: ").append(grouped(buffers)).append(" (BatchNorm running mean and variance)\n");
        sb.append("Total params: ").append(grouped(trainable + buffers)).append('\n');
        sb.append("Parameter memory: ")
                .append(mebibytes((trainable + buffers) * BYTES_PER_VALUE))
                .append('\n');
        sb.append("Forward activations per sample: ")
                .append(mebibytes(activationValues * BYTES_PER_VALUE))
                .append('\n');
        sb.append("Forward FLOPs per sample: ")
                .append(grouped(flops()))
                .append(" (")
                .append(scaled(flops()))
                .append(")\n");
        sb.append("-".repeat(total)).append('\n');
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width) {
        String text = String.format(
                Locale.ROOT,
                "%-" + width[0] + "s   %-" + width[1] + "s   %" + width[2] + "s   %" + width[3] + "s",
                (Object[]) cells);
        sb.append(text.stripTrailing()).append('\n');
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f MiB (%s bytes)", bytes / (1024.0 * 1024.0), grouped(bytes));
    }

    private static String scaled(long flops) {
        String[] units = {"", "K", "M", "G", "T"};
        double v = flops;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? flops + " FLOPs" : String.format(Locale.ROOT, "%.2f %sFLOPs", v, units[u]);
    }
}
