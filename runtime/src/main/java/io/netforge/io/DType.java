package io.netforge.io;

/**
 * The element types of NetForge's file formats, named as safetensors names them ({@code F32}, {@code I64}, …). A
 * checkpoint holds only {@link #F32}, {@link #F64} and {@link #I64}, each under a fixed one-byte code
 * ({@link CheckpointFile}); safetensors files may declare any of them.
 */
public enum DType {
    F64(8),
    F32(4),
    F16(2),
    BF16(2),
    I64(8),
    I32(4),
    I16(2),
    I8(1),
    U8(1),
    BOOL(1);

    private final int size;

    DType(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }
}
