package org.mmscope.sim.section;

import java.io.Serializable;
import java.util.Objects;

import org.mmscope.sim.pte.Protection;

/**
 * One PE section of an image file as an image section maps it (NT: an IMAGE_SECTION_HEADER, which
 * MiCreateImageFileMap turns into a subsection): its name, its size in pages and the protection its
 * characteristics give (EXECUTE_READ for code, READONLY for read-only data, WRITECOPY for writable
 * data: an image is never written through, so a writable part is copy-on-write).
 *
 * @param name       the section's name, like {@code .text}
 * @param pages      its pages, at least 1
 * @param protection an {@code org.mmscope.sim.pte.Protection} code that grants access and, if
 *                   writable, is copy-on-write; no modifier
 */
public record ImagePart(String name, long pages, int protection) implements Serializable {

    /** Checks the arguments. */
    public ImagePart {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an image part needs a name, like .text");
        }
        if (pages < 1) {
            throw new IllegalArgumentException("image part " + name + " needs at least one page, not " + pages);
        }
        Protection.check(protection);
        if (Protection.isNoAccess(protection) || (protection & Protection.MODIFIER_MASK) != 0) {
            throw new IllegalArgumentException("image part " + name + " needs an access protection without "
                    + "modifier, not " + Protection.name(protection));
        }
        if (Protection.isWritable(protection) && !Protection.isCopyOnWrite(protection)) {
            throw new IllegalArgumentException("image part " + name + " is writable: an image is never written "
                    + "back, so its writable parts are WRITECOPY or EXECUTE_WRITECOPY, not "
                    + Protection.name(protection));
        }
    }
}
