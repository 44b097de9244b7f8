// SPDX-License-Identifier: GPL-2.0
/* TEST DOUBLE: branch classification of one x86-64 instruction (insn_branch.h). */
#include "insn_branch.h"

/* Skip legacy prefixes, then one REX prefix: the opcode's offset, or len. */
static size_t opcode_at(const uint8_t *b, size_t len)
{
	size_t i = 0;

	while (i < len && i < 14) {
		switch (b[i]) {
		case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
		case 0x66: case 0x67: case 0xf0: case 0xf2: case 0xf3:
			i++;
			continue;
		}
		break;
	}
	if (i < len && (b[i] & 0xf0) == 0x40)
		i++;
	return i;
}

bool insn_is_branch(const uint8_t *b, size_t len)
{
	size_t i = opcode_at(b, len);
	uint8_t op, reg;

	if (i >= len)
		return false;
	op = b[i];
	if (op >= 0x70 && op <= 0x7f)			/* Jcc rel8 */
		return true;
	if (op >= 0xe0 && op <= 0xe3)			/* LOOPNE, LOOPE, LOOP, JrCXZ */
		return true;
	switch (op) {
	case 0xe8: case 0xe9: case 0xeb:		/* CALL, JMP rel */
	case 0xc2: case 0xc3: case 0xca: case 0xcb:	/* RET, RETF */
	case 0xcc: case 0xcd: case 0xce: case 0xcf:	/* INT3, INT n, INTO, IRET */
		return true;
	case 0x0f:
		if (i + 1 >= len)
			return false;
		op = b[i + 1];
		return (op >= 0x80 && op <= 0x8f) ||	/* Jcc rel32 */
		       op == 0x05 || op == 0x07 || op == 0x34 || op == 0x35;
	case 0xff:
		if (i + 1 >= len)
			return false;
		reg = (b[i + 1] >> 3) & 7;		/* CALL/JMP near and far, indirect */
		return reg >= 2 && reg <= 5;
	}
	return false;
}

bool insn_is_rdpmc(const uint8_t *b, size_t len)
{
	size_t i = opcode_at(b, len);

	return i + 1 < len && b[i] == 0x0f && b[i + 1] == 0x33;
}

int insn_int_vector(const uint8_t *b, size_t len)
{
	/* Only the plain two-byte form: the one the rows use. */
	return len >= 2 && b[0] == 0xcd ? b[1] : -1;
}
