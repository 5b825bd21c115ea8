package io.pgsafe.agent;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Writes one {@link Hook} into one method, with Byte Buddy's bundled ASM, the way Byte Buddy's {@code Advice}
 * inlines entry and exit advice, without loading {@code Advice} itself (some 500 classes to load and interpret at
 * start-up, for twelve calls).
 *
 * <p>The class is read and written with its own stack map frames (no frame computation, which would need to load
 * classes to find common super types). The only frames added are:
 * <ul>
 *   <li>after a skipping entry call, where the original code starts: the method's initial frame (the local that
 *       held the bridge's answer is dead there). When the original code already has a frame at its first
 *       instruction, that one is kept instead, as two frames cannot share an offset;</li>
 *   <li>the handler of an exit call on throwables, appended after the original code: the receiver and the
 *       parameters, and the throwable. Its ranges leave out the exit calls written before each return, so an
 *       exit call that throws is not called a second time.</li>
 * </ul>
 */
final class HookWriter extends MethodVisitor {
    private static final String THROWABLE = "java/lang/Throwable";

    private final Hook hook;
    private final HookedClass site;
    private final String descriptor;
    private final Type returnType;
    /** The first local after the receiver and the parameters: the bridge's answer, or the value being returned. */
    private final int freeSlot;
    private boolean framePending;
    private Label rangeStart;
    private final List<Label> ranges = new ArrayList<>();

    HookWriter(MethodVisitor next, Hook hook, HookedClass site, String descriptor) {
        super(Opcodes.ASM9, next);
        this.hook = hook;
        this.site = site;
        this.descriptor = descriptor;
        this.returnType = Type.getReturnType(descriptor);
        this.freeSlot = Type.getArgumentsAndReturnSizes(descriptor) >> 2;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        if (hook.enter(mv, site)) {
            mv.visitVarInsn(Opcodes.ASTORE, freeSlot);
            mv.visitVarInsn(Opcodes.ALOAD, freeSlot);
            Label original = new Label();
            mv.visitJumpInsn(Opcodes.IFNULL, original);
            mv.visitVarInsn(Opcodes.ALOAD, freeSlot);
            returnTheAnswer();
            mv.visitLabel(original);
            framePending = true;
        }
        if (hook.exitsOnThrowable()) {
            startRange();
        }
    }

    /** The bridge's non-null answer is the method's result: cast (and unboxed) to the return type, returned. */
    private void returnTheAnswer() {
        switch (returnType.getSort()) {
            case Type.BOOLEAN -> {
                mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/Boolean");
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Boolean", "booleanValue", "()Z", false);
                mv.visitInsn(Opcodes.IRETURN);
            }
            case Type.OBJECT, Type.ARRAY -> {
                mv.visitTypeInsn(Opcodes.CHECKCAST, returnType.getInternalName());
                mv.visitInsn(Opcodes.ARETURN);
            }
            default -> throw new IllegalStateException(hook.description() + " returns " + returnType
                    + ", which a skipping hook cannot return");
        }
    }

    private void flushFrame() {
        if (framePending) {
            framePending = false;
            mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        }
    }

    private void startRange() {
        rangeStart = new Label();
        mv.visitLabel(rangeStart);
    }

    private void endRange() {
        Label end = new Label();
        mv.visitLabel(end);
        ranges.add(rangeStart);
        ranges.add(end);
        rangeStart = null;
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        framePending = false; // the original code's own frame at its first instruction stands for ours
        super.visitFrame(type, numLocal, local, numStack, stack);
    }

    @Override
    public void visitInsn(int opcode) {
        flushFrame();
        boolean returning = opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN;
        if (returning && hook.exitsOnThrowable()) {
            endRange();
            hook.exit(mv, -1);
        } else if (returning && hook.exitsWithResult()) {
            mv.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), freeSlot);
            hook.exit(mv, freeSlot);
            mv.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), freeSlot);
        }
        super.visitInsn(opcode);
        if (returning && hook.exitsOnThrowable()) {
            startRange();
        }
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (hook.exitsOnThrowable()) {
            if (rangeStart != null) {
                endRange();
            }
            Label handler = new Label();
            boolean handled = false;
            for (int i = 0; i < ranges.size(); i += 2) {
                // Visited after the original exception table, so the method's own handlers come first.
                if (ranges.get(i).getOffset() < ranges.get(i + 1).getOffset()) {
                    mv.visitTryCatchBlock(ranges.get(i), ranges.get(i + 1), handler, THROWABLE);
                    handled = true;
                }
            }
            if (handled) {
                mv.visitLabel(handler);
                Object[] locals = initialLocals();
                mv.visitFrame(Opcodes.F_FULL, locals.length, locals, 1, new Object[] {THROWABLE});
                hook.exit(mv, -1);
                mv.visitInsn(Opcodes.ATHROW);
            }
        }
        super.visitMaxs(maxStack + 4, Math.max(maxLocals, freeSlot + Math.max(1, returnType.getSize())));
    }

    /** The receiver and the parameters, as a stack map frame names them. */
    private Object[] initialLocals() {
        Type[] parameters = Type.getArgumentTypes(descriptor);
        Object[] locals = new Object[parameters.length + 1];
        locals[0] = site.owner();
        for (int i = 0; i < parameters.length; i++) {
            locals[i + 1] = switch (parameters[i].getSort()) {
                case Type.BOOLEAN, Type.CHAR, Type.BYTE, Type.SHORT, Type.INT -> Opcodes.INTEGER;
                case Type.FLOAT -> Opcodes.FLOAT;
                case Type.LONG -> Opcodes.LONG;
                case Type.DOUBLE -> Opcodes.DOUBLE;
                default -> parameters[i].getInternalName();
            };
        }
        return locals;
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        flushFrame();
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        flushFrame();
        super.visitVarInsn(opcode, varIndex);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        flushFrame();
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String fieldDescriptor) {
        flushFrame();
        super.visitFieldInsn(opcode, owner, name, fieldDescriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String methodDescriptor,
                                boolean isInterface) {
        flushFrame();
        super.visitMethodInsn(opcode, owner, name, methodDescriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String methodDescriptor,
                                       net.bytebuddy.jar.asm.Handle bootstrapMethodHandle,
                                       Object... bootstrapMethodArguments) {
        flushFrame();
        super.visitInvokeDynamicInsn(name, methodDescriptor, bootstrapMethodHandle, bootstrapMethodArguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        flushFrame();
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        flushFrame();
        super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
        flushFrame();
        super.visitIincInsn(varIndex, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        flushFrame();
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        flushFrame();
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        flushFrame();
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }
}
