/*
 * nova-gpu: VBIOS generator.
 *
 * Layout (offsets in the ROM):
 *
 *   0x000  image 0, PCI-AT (code type 0x00), 512 bytes
 *          +0x000 0x55 0xaa, size/512, RETF (option-ROM init returns at once)
 *          +0x018 pointer to PCIR
 *          +0x020 banner text
 *          +0x060 PCIR, +0x080 NPDE
 *          +0x0a0 BIT header, then the 'i' and 'p' tokens
 *          +0x0c0 'i' data (version), +0x0d0 'p' data (falcon table pointer)
 *          +0x1ff checksum byte: the image sums to 0
 *   0x200  image 1, FWSEC (code type 0xe0), last
 *          +0x000 0x55 0xaa, +0x018 pointer to PCIR, +0x020 PCIR, +0x040 NPDE
 *          +0x080 falcon ucode table (one entry: application 0x85, FWSEC_PROD)
 *          +0x100 FWSEC descriptor (v2 or v3 per chip), v3 signatures after it
 *          then the ucode: IMEM, followed by DMEM
 *
 * VBIOS pointers past image 0 count from the start of image 0, as if the
 * images were contiguous: nouveau maps them onto the first 0xe0 image
 * (nvbios_addr), nova-core subtracts the PCI-AT length.
 *
 * DMEM (offsets from its start):
 *   0x000  application interface table, v1, one entry: id 4 (DMEMMAPPER)
 *   0x040  DMEMMAPPER v3: command buffers, init_cmd (the driver writes it)
 *   0x100  command-in buffer (the driver writes ReadVbios and FrtsRegion)
 *   0x200  command-out buffer
 *   0x300  PKC signature area (v3: the driver patches the signature here)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/vbios.h"
#include "bytebuf.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define ROM_BLOCK           512u
#define IMG0_SIZE           0x200u
#define IMG0_PCIR           0x060u
#define IMG0_NPDE           0x080u
#define IMG0_BIT            0x0a0u
#define IMG0_BIT_I_DATA     0x0c0u
#define IMG0_BIT_P_DATA     0x0d0u
#define IMG1_PCIR           0x020u
#define IMG1_NPDE           0x040u
#define IMG1_UCODE_TABLE    0x080u
#define IMG1_DESC           0x100u

#define PCIR_SIZE           0x18u
#define NPDE_SIZE           0x10u
#define BIT_HEADER_SIZE     12u
#define BIT_TOKEN_SIZE      6u

#define CODE_TYPE_PCI_AT    0x00
#define CODE_TYPE_FWSEC     0xe0
#define LAST_IMAGE          0x80

#define FALCON_APP_FWSEC_PROD   0x85

#define DESC_V2_SIZE        60u
#define DESC_V3_SIZE        44u
#define SIGNATURE_SIZE      384u
#define SIGNATURE_COUNT     1u

#define IMEM_SIZE           0x200u  /* a multiple of 256 for the DMA load */
#define IMEM_SEC_BASE       0x100u  /* v2: secure part, after non-secure */
#define DMEM_SIZE           0x500u
#define DMEM_APPIF          0x000u
#define DMEM_DMEMMAPPER     0x040u
#define DMEM_CMD_IN         0x100u
#define DMEM_CMD_OUT        0x200u
#define DMEM_PKC_SIG        0x300u
#define BUF_SIZE            0x100u

#define APPIF_ID_DMEMMAPPER 4u
#define FWSEC_ENGINE_GSP    0x0400u
#define FWSEC_UCODE_ID      9u

/* The ROM header, PCIR and NPDE of the image at @base. */
static void put_image_headers(ByteBuf *r, const NovaChip *chip, size_t base,
                              size_t pcir, size_t npde, size_t size,
                              uint8_t code_type, bool last)
{
    uint16_t blocks = size / ROM_BLOCK;

    w8(r, base + 0, 0x55);
    w8(r, base + 1, 0xaa);
    w16(r, base + 0x18, pcir);

    wstr(r, base + pcir, "PCIR");
    w16(r, base + pcir + 0x04, 0x10de);
    w16(r, base + pcir + 0x06, chip->pci_device_id);
    w16(r, base + pcir + 0x08, 0);            /* no device list */
    w16(r, base + pcir + 0x0a, PCIR_SIZE);
    w8(r, base + pcir + 0x0c, 0);             /* PCIR revision */
    w8(r, base + pcir + 0x0d, 0x00);          /* class: VGA controller */
    w8(r, base + pcir + 0x0e, 0x00);
    w8(r, base + pcir + 0x0f, 0x03);
    w16(r, base + pcir + 0x10, blocks);
    w16(r, base + pcir + 0x12, 1);            /* vendor ROM revision */
    w8(r, base + pcir + 0x14, code_type);
    w8(r, base + pcir + 0x15, last ? LAST_IMAGE : 0);
    w16(r, base + pcir + 0x16, 0);

    /* NVIDIA's PCI data extension: repeats length and last flag */
    wstr(r, base + npde, "NPDE");
    w16(r, base + npde + 0x04, 0x0101);       /* revision */
    w16(r, base + npde + 0x06, NPDE_SIZE);
    w16(r, base + npde + 0x08, blocks);
    w8(r, base + npde + 0x0a, last ? LAST_IMAGE : 0);
}

static size_t align_up(size_t v, size_t a)
{
    return (v + a - 1) / a * a;
}

/* DMEM: the application interface the drivers patch. */
static void put_dmem(ByteBuf *r, size_t dmem)
{
    /* FalconAppifHdrV1 + one FalconAppifV1 */
    w8(r, dmem + DMEM_APPIF + 0, 1);          /* version */
    w8(r, dmem + DMEM_APPIF + 1, 4);          /* header size */
    w8(r, dmem + DMEM_APPIF + 2, 8);          /* entry size */
    w8(r, dmem + DMEM_APPIF + 3, 1);          /* entry count */
    w32(r, dmem + DMEM_APPIF + 4, APPIF_ID_DMEMMAPPER);
    w32(r, dmem + DMEM_APPIF + 8, DMEM_DMEMMAPPER);

    /* FalconAppifDmemmapperV3 */
    wstr(r, dmem + DMEM_DMEMMAPPER + 0x00, "DMAP");
    w16(r, dmem + DMEM_DMEMMAPPER + 0x04, 3);
    w16(r, dmem + DMEM_DMEMMAPPER + 0x06, 0x40);
    w32(r, dmem + DMEM_DMEMMAPPER + 0x08, DMEM_CMD_IN);
    w32(r, dmem + DMEM_DMEMMAPPER + 0x0c, BUF_SIZE);
    w32(r, dmem + DMEM_DMEMMAPPER + 0x10, DMEM_CMD_OUT);
    w32(r, dmem + DMEM_DMEMMAPPER + 0x14, BUF_SIZE);
    /* +0x2c init_cmd stays 0: the driver writes the command */
    w32(r, dmem + DMEM_DMEMMAPPER + 0x34,
          (1u << NOVA_FWSEC_CMD_FRTS) | (1u << NOVA_FWSEC_CMD_SB));
}

static void put_desc_v3(ByteBuf *r, size_t desc)
{
    size_t i;

    w32(r, desc + 0x00, 1u | (3u << 8) |
          ((DESC_V3_SIZE + SIGNATURE_COUNT * SIGNATURE_SIZE) << 16));
    w32(r, desc + 0x04, IMEM_SIZE + DMEM_SIZE);       /* stored size */
    w32(r, desc + 0x08, DMEM_PKC_SIG);                /* PKC data offset */
    w32(r, desc + 0x0c, DMEM_APPIF);                  /* interface offset */
    w32(r, desc + 0x10, 0);                           /* IMEM phys base */
    w32(r, desc + 0x14, IMEM_SIZE);
    w32(r, desc + 0x18, 0);                           /* IMEM virt base */
    w32(r, desc + 0x1c, 0);                           /* DMEM phys base */
    w32(r, desc + 0x20, DMEM_SIZE);
    w16(r, desc + 0x24, FWSEC_ENGINE_GSP);
    w8(r, desc + 0x26, FWSEC_UCODE_ID);
    w8(r, desc + 0x27, SIGNATURE_COUNT);
    /* Fuses read 0, so version bit 0 selects signature 0. */
    w16(r, desc + 0x28, 0x0001);
    for (i = 0; i < SIGNATURE_COUNT * SIGNATURE_SIZE; i++) {
        w8(r, desc + DESC_V3_SIZE + i, (uint8_t)(0x5a ^ i));
    }
}

static void put_desc_v2(ByteBuf *r, size_t desc)
{
    w32(r, desc + 0x00, 1u | (2u << 8) | (DESC_V2_SIZE << 16));
    w32(r, desc + 0x04, IMEM_SIZE + DMEM_SIZE);       /* stored size */
    w32(r, desc + 0x08, IMEM_SIZE + DMEM_SIZE);       /* uncompressed */
    w32(r, desc + 0x0c, 0);                           /* virtual entry */
    w32(r, desc + 0x10, DMEM_APPIF);                  /* interface offset */
    w32(r, desc + 0x14, 0);                           /* IMEM phys base */
    w32(r, desc + 0x18, IMEM_SIZE);                   /* IMEM load size */
    w32(r, desc + 0x1c, 0);                           /* IMEM virt base */
    w32(r, desc + 0x20, IMEM_SEC_BASE);
    w32(r, desc + 0x24, IMEM_SIZE - IMEM_SEC_BASE);   /* secure size */
    w32(r, desc + 0x28, IMEM_SIZE);                   /* DMEM offset */
    w32(r, desc + 0x2c, 0);                           /* DMEM phys base */
    w32(r, desc + 0x30, DMEM_SIZE);
    w32(r, desc + 0x34, 0);
    w32(r, desc + 0x38, 0);
}

uint8_t *nova_vbios_build(const NovaChip *chip, size_t *len)
{
    size_t desc_size, img1, img1_size, ucode, total, i;
    uint8_t sum = 0;
    ByteBuf r;

    if (!chip || !len) {
        return NULL;
    }
    desc_size = chip->fwsec_desc_version == 2 ? DESC_V2_SIZE :
                DESC_V3_SIZE + SIGNATURE_COUNT * SIGNATURE_SIZE;
    img1 = IMG0_SIZE;
    ucode = IMG1_DESC + desc_size;
    img1_size = align_up(ucode + IMEM_SIZE + DMEM_SIZE, ROM_BLOCK);
    total = img1 + img1_size;

    r.size = total;
    r.b = calloc(1, total);
    if (!r.b) {
        return NULL;
    }

    /* --- image 0: PCI-AT ------------------------------------------------ */
    put_image_headers(&r, chip, 0, IMG0_PCIR, IMG0_NPDE, IMG0_SIZE,
                      CODE_TYPE_PCI_AT, false);
    w8(&r, 0x02, IMG0_SIZE / ROM_BLOCK);      /* legacy option-ROM size */
    w8(&r, 0x03, 0xcb);                       /* init entry: RETF */
    wstr(&r, 0x20, "NOVA-GPU generated VBIOS for ");
    wstr(&r, 0x3d, chip->name);

    /* BIT: header, then tokens 'i' (version) and 'p' (falcon data) */
    w16(&r, IMG0_BIT + 0x00, 0xb8ff);
    wstr(&r, IMG0_BIT + 0x02, "BIT");
    w16(&r, IMG0_BIT + 0x06, 0x0100);         /* BCD version 1.00 */
    w8(&r, IMG0_BIT + 0x08, BIT_HEADER_SIZE);
    w8(&r, IMG0_BIT + 0x09, BIT_TOKEN_SIZE);
    w8(&r, IMG0_BIT + 0x0a, 2);
    w8(&r, IMG0_BIT + 0x0b, 0);               /* checksum: unchecked */

    w8(&r, IMG0_BIT + BIT_HEADER_SIZE + 0, 'i');
    w8(&r, IMG0_BIT + BIT_HEADER_SIZE + 1, 2);
    w16(&r, IMG0_BIT + BIT_HEADER_SIZE + 2, 0x10);
    w16(&r, IMG0_BIT + BIT_HEADER_SIZE + 4, IMG0_BIT_I_DATA);
    /* nouveau prints bytes 3.2.1.0.4 as "version major.chip.minor.micro.patch" */
    w8(&r, IMG0_BIT_I_DATA + 3, chip->vbios_version[0]);
    w8(&r, IMG0_BIT_I_DATA + 2, chip->vbios_version[1]);
    w8(&r, IMG0_BIT_I_DATA + 1, chip->vbios_version[2]);
    w8(&r, IMG0_BIT_I_DATA + 0, chip->vbios_version[3]);
    w8(&r, IMG0_BIT_I_DATA + 4, chip->vbios_version[4]);

    w8(&r, IMG0_BIT + BIT_HEADER_SIZE + 6, 'p');
    w8(&r, IMG0_BIT + BIT_HEADER_SIZE + 7, 2);        /* version 2 */
    w16(&r, IMG0_BIT + BIT_HEADER_SIZE + 8, 4);
    w16(&r, IMG0_BIT + BIT_HEADER_SIZE + 10, IMG0_BIT_P_DATA);
    w32(&r, IMG0_BIT_P_DATA, IMG0_SIZE + IMG1_UCODE_TABLE);

    /* --- image 1: FWSEC ---------------------------------------------------- */
    put_image_headers(&r, chip, img1, IMG1_PCIR, IMG1_NPDE, img1_size,
                      CODE_TYPE_FWSEC, true);

    /* falcon ucode table: v1, 4-byte header, 6-byte entries */
    w8(&r, img1 + IMG1_UCODE_TABLE + 0, 1);
    w8(&r, img1 + IMG1_UCODE_TABLE + 1, 4);
    w8(&r, img1 + IMG1_UCODE_TABLE + 2, 6);
    w8(&r, img1 + IMG1_UCODE_TABLE + 3, 1);
    w8(&r, img1 + IMG1_UCODE_TABLE + 4, FALCON_APP_FWSEC_PROD);
    w8(&r, img1 + IMG1_UCODE_TABLE + 5, 0);           /* target */
    w32(&r, img1 + IMG1_UCODE_TABLE + 6, IMG0_SIZE + IMG1_DESC);

    if (chip->fwsec_desc_version == 2) {
        put_desc_v2(&r, img1 + IMG1_DESC);
    } else {
        put_desc_v3(&r, img1 + IMG1_DESC);
    }
    wstr(&r, img1 + ucode, NOVA_VBIOS_FWSEC_MARKER);
    wstr(&r, img1 + ucode + 0x20, chip->name);
    put_dmem(&r, img1 + ucode + IMEM_SIZE);

    /* image 0 sums to zero, which nouveau scores as a good image */
    for (i = 0; i < IMG0_SIZE - 1; i++) {
        sum += r.b[i];
    }
    r.b[IMG0_SIZE - 1] = (uint8_t)-sum;

    *len = total;
    return r.b;
}
