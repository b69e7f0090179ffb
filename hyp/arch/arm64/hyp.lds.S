/* SPDX-License-Identifier: MIT */
/* Linker script: the image is linked at HYP_VIRT_START. Sections that get
 * different permissions are page aligned so W^X can be applied per page. */
#include <asm/layout.h>

OUTPUT_ARCH(aarch64)
ENTRY(_start)

SECTIONS
{
	. = HYP_VIRT_START;
	_start_image = .;
	.text : {
		_stext = .;
		*(.idmap.text)
		. = ALIGN(4096);
		_idmap_end = .;
		*(.text .text.*)
		. = ALIGN(4096);
		_etext = .;
	}
	.rodata : {
		_srodata = .;
		*(.rodata .rodata.*)
		. = ALIGN(8);
		__start_hyp_params = .;
		KEEP(*(hyp_params))
		__stop_hyp_params = .;
		. = ALIGN(4096);
		_erodata = .;
	}
	.data : {
		_sdata = .;
		*(.data .data.*)
		. = ALIGN(16);
	}
	.bss (NOLOAD) : {
		. = ALIGN(4096);
		__bss_start = .;
		*(.bss.pgtables)
		*(.bss.stack)
		*(.bss .bss.* COMMON)
		. = ALIGN(4096);
		__bss_end = .;
	}
	_end = .;
	_image_size = _end - _start_image;

	/DISCARD/ : { *(.note*) *(.comment) *(.eh_frame*) *(.interp) }
}

ASSERT(_start == HYP_VIRT_START, "_start must be first")
ASSERT(_idmap_end - _stext == 4096, ".idmap.text must fit in one page")
ASSERT(_end - _start <= HYP_IMAGE_MAX, "image larger than HYP_IMAGE_MAX")
