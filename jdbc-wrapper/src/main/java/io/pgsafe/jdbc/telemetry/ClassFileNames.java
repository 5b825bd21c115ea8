package io.pgsafe.jdbc.telemetry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Renames packages in a class file, as a shading plugin does, at run time: every constant-pool UTF-8 entry (class
 * names, descriptors, signatures) that holds {@code from} gets {@code prefix} before it. Only the constant pool
 * changes, and entries are referred to by index, so the rest of the file is copied as it is (JVMS 4.4).
 */
final class ClassFileNames {
    private ClassFileNames() {
    }

    static byte[] prefixed(byte[] classFile, String from, String prefix) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(classFile.length + 1024);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(in.readInt()); // magic
        out.writeInt(in.readInt()); // minor and major version
        int count = in.readUnsignedShort();
        out.writeShort(count);
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            out.writeByte(tag);
            switch (tag) {
                case 1 -> out.writeUTF(in.readUTF().replace(from, prefix + from)); // Utf8 (modified UTF-8, as here)
                case 7, 8, 16, 19, 20 -> out.writeShort(in.readUnsignedShort()); // Class, String, MethodType, Module, Package
                case 3, 4, 9, 10, 11, 12, 17, 18 -> out.writeInt(in.readInt()); // Integer, Float, refs, NameAndType, (Invoke)Dynamic
                case 5, 6 -> { // Long, Double: two slots
                    out.writeLong(in.readLong());
                    i++;
                }
                case 15 -> { // MethodHandle
                    out.writeByte(in.readUnsignedByte());
                    out.writeShort(in.readUnsignedShort());
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        in.transferTo(out);
        return bytes.toByteArray();
    }
}
