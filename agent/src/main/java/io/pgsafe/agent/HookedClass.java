package io.pgsafe.agent;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * One pgjdbc class on its way through the transformer: hands each hooked method to a {@link HookWriter} and copies
 * everything else as it is. No field, method or initializer is added (what Byte Buddy's frozen redefine, or
 * {@code AgentBuilder.disableClassFormatChanges()}, guarantees), so retransformation works.
 */
final class HookedClass extends ClassVisitor {
    private final List<Hook> hooks;
    private final Set<Hook> found = EnumSet.noneOf(Hook.class);
    /** The class's own instance fields, by name, with their descriptors (visited before the methods). */
    private final Map<String, String> fields = new HashMap<>();
    private String owner;

    HookedClass(ClassVisitor next, List<Hook> hooks) {
        super(Opcodes.ASM9, next);
        this.hooks = hooks;
    }

    String owner() {
        return owner;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
                      String[] interfaces) {
        owner = name;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public net.bytebuddy.jar.asm.FieldVisitor visitField(int access, String name, String descriptor,
                                                          String signature, Object value) {
        if ((access & Opcodes.ACC_STATIC) == 0) {
            fields.put(name, descriptor);
        }
        return super.visitField(access, name, descriptor, signature, value);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                     String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        // A bridge calls the real method, which is hooked; static, abstract or native methods have no receiver or
        // no code to hook, so they do not count as the hooked method.
        if (next == null || (access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE
                | Opcodes.ACC_BRIDGE)) != 0) {
            return next;
        }
        for (Hook hook : hooks) {
            if (hook.matches(name, descriptor)) {
                found.add(hook);
                return new HookWriter(next, hook, this, descriptor);
            }
        }
        return next;
    }

    /** {@code GETFIELD} of one of this class's own instance fields (the receiver is on the stack). */
    void getOwnField(MethodVisitor code, String name) {
        String descriptor = fields.get(name);
        if (descriptor == null) {
            throw new IllegalStateException(owner.replace('/', '.') + " has no field " + name
                    + ": this pgjdbc version is not one the pgsafe agent knows how to hook");
        }
        code.visitFieldInsn(Opcodes.GETFIELD, owner, name, descriptor);
    }

    /**
     * Every method a hook must land on: a method that is not there is no error for the class writer, so a pgjdbc
     * that renamed one would otherwise be "transformed" and unguarded.
     */
    void requireEveryHook() {
        for (Hook hook : hooks) {
            if (!found.contains(hook)) {
                throw new IllegalStateException(owner.replace('/', '.') + " has no method " + hook.method
                        + hook.parameters + ": this pgjdbc version is not one the pgsafe agent knows how to hook");
            }
        }
    }
}
