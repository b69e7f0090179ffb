# Host unit tests of the dom0 tools (tools/): each test_NAME.c is linked
# with the tool sources in TOOLS_UNIT_SRCS_NAME only (no hypervisor fake
# arch). `make unit` builds and runs them with the hypervisor's.
TOOLS_UNIT_TESTS :=

# xenstored's protocol core (tools/xenstored/xs_*.c) and the client
# library's wire helpers (tools/libs/xenstore).
XENSTORED_CORE_SRCS := $(addprefix tools/xenstored/,xs_core.c xs_path.c \
	xs_node.c xs_txn.c xs_watch.c xs_ops.c xs_ops_domain.c xs_req.c xs_domain.c xs_ring.c)
TOOLS_UNIT_TESTS += xenstored xenstored_txn xenstore_client
TOOLS_UNIT_SRCS_xenstored := $(XENSTORED_CORE_SRCS)
TOOLS_UNIT_SRCS_xenstored_txn := $(XENSTORED_CORE_SRCS)
TOOLS_UNIT_SRCS_xenstore_client := tools/libs/xenstore/xs.c \
	tools/libs/xenstore/xs_msg.c $(XENSTORED_CORE_SRCS)

TOOLS_UNIT_LDLIBS_xenstore_client := -pthread
TOOLS_UNIT_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror \
	-Wmissing-prototypes -Wstrict-prototypes -Wvla \
	-Ihyp/include -Itools/include -Itools/libs/xenstore
TOOLS_UNIT_HDRS = $(wildcard tools/xenstored/*.h tools/libs/xenstore/*.h \
	tests/unit/*.h hyp/include/public/*.h hyp/include/public/*/*.h)
