"""Minimal flattened-device-tree (DTB) reader and corruptors for tests.

Only what malformed-DTB tests need: walk the structure block, find a node or
property by path, and patch bytes. Everything is on `bytes`/`bytearray`.

QEMU's own `-dtb` loader (libfdt `fdt_open_into` + `fdt_check_header`) refuses
a DTB with a bad magic or a truncated file, and it rewrites `/chosen` and the
memory nodes, so only corruption that libfdt tolerates while QEMU edits the
tree reaches the hypervisor; `QEMU_TOLERATED` lists the corruptors that do
(checked with QEMU 7.2: the others make QEMU exit with an FDT error).
"""

import struct

FDT_MAGIC = 0xD00DFEED
FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9
HEADER_FIELDS = (
    "magic",
    "totalsize",
    "off_dt_struct",
    "off_dt_strings",
    "off_mem_rsvmap",
    "version",
    "last_comp_version",
    "boot_cpuid_phys",
    "size_dt_strings",
    "size_dt_struct",
)


def header(blob):
    return dict(zip(HEADER_FIELDS, struct.unpack_from(">10I", blob, 0)))


def set_header(blob, **fields):
    out = bytearray(blob)
    for name, value in fields.items():
        struct.pack_into(">I", out, 4 * HEADER_FIELDS.index(name), value)
    return bytes(out)


def _align4(n):
    return (n + 3) & ~3


def walk(blob):
    """Yield (kind, path, name, token_offset) for every node and property.

    kind is "node" (name = node name, path = its full path) or "prop"
    (path = the owning node's path). token_offset is the absolute offset of
    the token in blob.
    """
    h = header(blob)
    if h["magic"] != FDT_MAGIC:
        raise ValueError("bad FDT magic 0x%08x" % h["magic"])
    base, strings = h["off_dt_struct"], h["off_dt_strings"]
    end = base + h["size_dt_struct"]
    off, stack = base, []
    while off < end:
        (tok,) = struct.unpack_from(">I", blob, off)
        tok_off, off = off, off + 4
        if tok == FDT_BEGIN_NODE:
            nul = blob.index(b"\0", off)
            name = blob[off:nul].decode()
            off = _align4(nul + 1)
            stack.append(name)
            path = "/" + "/".join(stack[1:])
            yield "node", path, name, tok_off
        elif tok == FDT_END_NODE:
            stack.pop()
        elif tok == FDT_PROP:
            length, nameoff = struct.unpack_from(">II", blob, off)
            off = _align4(off + 8 + length)
            nul = blob.index(b"\0", strings + nameoff)
            name = blob[strings + nameoff : nul].decode()
            yield "prop", "/" + "/".join(stack[1:]), name, tok_off
        elif tok == FDT_NOP:
            continue
        elif tok == FDT_END:
            return
        else:
            raise ValueError("bad FDT token %#x at %#x" % (tok, tok_off))


def find_node(blob, path):
    for kind, p, _name, off in walk(blob):
        if kind == "node" and p == path:
            return off
    raise KeyError(path)


def find_prop(blob, path, prop):
    for kind, p, name, off in walk(blob):
        if kind == "prop" and p == path and name == prop:
            return off
    raise KeyError("%s:%s" % (path, prop))


def node_end(blob, path):
    """Offset just past the FDT_END_NODE token closing `path`."""
    h = header(blob)
    start = find_node(blob, path)
    depth, off = 0, start
    while True:
        (tok,) = struct.unpack_from(">I", blob, off)
        off += 4
        if tok == FDT_BEGIN_NODE:
            depth += 1
            off = _align4(blob.index(b"\0", off) + 1)
        elif tok == FDT_END_NODE:
            depth -= 1
            if depth == 0:
                return off
        elif tok == FDT_PROP:
            (length,) = struct.unpack_from(">I", blob, off)
            off = _align4(off + 8 + length)
        elif tok == FDT_NOP:
            pass
        else:
            raise ValueError("unexpected token %#x before end of %s" % (tok, path))
        if off > h["off_dt_struct"] + h["size_dt_struct"]:
            raise ValueError("ran off the structure block")


# ---- corruptors: each takes a valid DTB and returns a broken one ----


def bad_magic(blob):
    return set_header(blob, magic=0xDEADBEEF)


def truncated_file(blob, keep=None):
    """The first `keep` bytes (default: half of the structure block)."""
    h = header(blob)
    if keep is None:
        keep = h["off_dt_struct"] + h["size_dt_struct"] // 2
    return bytes(blob[:keep])


def bad_prop_nameoff(blob, path="/cpus/cpu@0", prop="reg"):
    """Point a property's name far outside the strings block."""
    out = bytearray(blob)
    off = find_prop(blob, path, prop)
    struct.pack_into(">I", out, off + 8, 0x7FFFFFF0)
    return bytes(out)


def bad_prop_len(blob, path="/cpus/cpu@0", prop="reg"):
    """Make a property's length run past the end of the structure block."""
    out = bytearray(blob)
    off = find_prop(blob, path, prop)
    struct.pack_into(">I", out, off + 4, 0x7FFFFFF0)
    return bytes(out)


def bad_token(blob, path="/cpus/cpu@0", prop="reg"):
    """Replace a property token with an undefined token value."""
    out = bytearray(blob)
    struct.pack_into(">I", out, find_prop(blob, path, prop), 0x0BADC0DE)
    return bytes(out)


def truncated_struct(blob, path="/cpus"):
    """Shrink size_dt_struct so the structure block ends inside `path`:
    the tree is cut off mid-node, with no FDT_END_NODE/FDT_END after it."""
    h = header(blob)
    cut = find_node(blob, path) + 4
    cut = _align4(blob.index(b"\0", cut) + 1)  # just after the node's name
    return set_header(blob, size_dt_struct=cut - h["off_dt_struct"])


def unterminated_strings(blob):
    """Cut the strings block so its last string loses its NUL."""
    h = header(blob)
    return set_header(blob, size_dt_strings=h["size_dt_strings"] - 1)


CORRUPTORS = {
    "bad-magic": bad_magic,
    "truncated-file": truncated_file,
    "bad-prop-nameoff": bad_prop_nameoff,
    "bad-prop-len": bad_prop_len,
    "bad-token": bad_token,
    "truncated-struct": truncated_struct,
    "unterminated-strings": unterminated_strings,
}

# Corruptions that QEMU 7.2's -dtb loading lets through to the guest.
QEMU_TOLERATED = ("bad-prop-nameoff",)
