# Objects in hyp/lib
obj-y +=
obj-y += string.o vsnprintf.o strtoull.o
obj-y += fdt_wr.o
obj-y += fdt.o fdt_ro.o
obj-y += crc32.o inflate.o gunzip.o
