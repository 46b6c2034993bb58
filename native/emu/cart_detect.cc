// Which bank-switching scheme an image uses, guessed from its size and from code patterns
// typical of each scheme, with the same rules (and order of tests) as the reference.
#include <cstring>

#include "emu/cart.h"

namespace emu {

namespace {

// True when `sig` occurs at least `minHits` times (occurrences do not overlap).
bool hasSignature(const uint8_t* image, size_t size, const uint8_t* sig, size_t len, int minHits) {
  if (len > size) return false;
  int hits = 0;
  for (size_t i = 0; i < size - len; ++i) {
    if (std::memcmp(image + i, sig, len) == 0) {
      ++hits;
      i += len;  // resume after the match (the loop's ++ skips one more byte)
    }
    if (hits >= minHits) return true;
  }
  return false;
}

bool anySignature(const uint8_t* image, size_t size, const uint8_t (*sigs)[5], int count, size_t len) {
  for (int i = 0; i < count; ++i)
    if (hasSignature(image, size, sigs[i], len, 1)) return true;
  return false;
}

// Superchip carts: the first 256 bytes of every 4K bank are identical (the RAM window).
bool probablySC(const uint8_t* image, size_t size) {
  for (size_t bank = 0; bank < size / 4096; ++bank) {
    const uint8_t* b = image + bank * 4096;
    for (int j = 0; j < 256; ++j)
      if (b[j] != b[0]) return false;
  }
  return true;
}

bool probably3F(const uint8_t* image, size_t size) {
  static const uint8_t sig[] = {0x85, 0x3F};  // STA $3F
  return hasSignature(image, size, sig, 2, 2);
}

bool probably3E(const uint8_t* image, size_t size) {
  static const uint8_t sig[] = {0x85, 0x3E, 0xA9, 0x00};  // STA $3E; LDA #0
  return hasSignature(image, size, sig, 4, 1);
}

bool probablyE0(const uint8_t* image, size_t size) {
  static const uint8_t sigs[6][5] = {{0x8D, 0xE0, 0x1F}, {0x8D, 0xE0, 0x5F}, {0x8D, 0xE9, 0xFF},
                                     {0xAD, 0xE9, 0xFF}, {0xAD, 0xED, 0xFF}, {0xAD, 0xF3, 0xBF}};
  return anySignature(image, size, sigs, 6, 3);
}

bool probablyE7(const uint8_t* image, size_t size) {
  if (size < 0x3A00 + 32) return false;
  uint8_t first = image[0x3800];
  for (size_t i = 0x3800; i < 0x3A00; ++i)
    if (image[i] != first) return false;
  int differing = 0;
  for (size_t i = 0x3800 - 32; i < 0x3800; ++i) differing += image[i] != first;
  for (size_t i = 0x3A00; i < 0x3A00 + 32; ++i) differing += image[i] != first;
  return differing > 0;
}

bool probablyUA(const uint8_t* image, size_t size) {
  static const uint8_t sig[] = {0x8D, 0x40, 0x02};  // STA $240
  return hasSignature(image, size, sig, 3, 1);
}

bool probablyCV(const uint8_t* image, size_t size) {
  static const uint8_t sigs[2][5] = {{0x9D, 0xFF, 0xF3}, {0x99, 0x00, 0xF4}};
  return anySignature(image, size, sigs, 2, 3);
}

bool probablyFE(const uint8_t* image, size_t size) {
  static const uint8_t sigs[4][5] = {{0x20, 0x00, 0xD0, 0xC6, 0xC5}, {0x20, 0xC3, 0xF8, 0xA5, 0x82},
                                     {0xD0, 0xFB, 0x20, 0x73, 0xFE}, {0x20, 0x00, 0xF0, 0x84, 0xD6}};
  return anySignature(image, size, sigs, 4, 5);
}

}  // namespace

std::string detectCartType(const uint8_t* image, size_t size) {
  if (size != 0 && size % 8448 == 0) return "AR";
  if (size == 2048 || (size == 4096 && std::memcmp(image, image + 2048, 2048) == 0))
    return probablyCV(image, size) ? "CV" : "2K";
  if (size == 4096) return probablyCV(image, size) ? "CV" : "4K";
  if (size == 8192) {
    if (probablySC(image, size)) return "F8SC";
    if (std::memcmp(image, image + 4096, 4096) == 0) return "4K";
    if (probablyE0(image, size)) return "E0";
    if (probably3E(image, size)) return "3E";
    if (probably3F(image, size)) return "3F";
    if (probablyUA(image, size)) return "UA";
    if (probablyFE(image, size)) return "FE";
    return "F8";
  }
  if (size == 10495 || size == 10496 || size == 10240) return "DPC";
  if (size == 12288) return "FASC";
  if (size == 16384) {
    if (probablySC(image, size)) return "F6SC";
    if (probablyE7(image, size)) return "E7";
    if (probably3E(image, size)) return "3E";
    if (probably3F(image, size)) return "3F";
    return "F6";
  }
  if (size == 32768) {
    if (probablySC(image, size)) return "F4SC";
    if (probably3E(image, size)) return "3E";
    if (probably3F(image, size)) return "3F";
    return "F4";
  }
  if (size == 65536 || size == 131072) {
    if (probably3E(image, size)) return "3E";
    if (probably3F(image, size)) return "3F";
    return size == 65536 ? "MB" : "MC";
  }
  if (probably3E(image, size)) return "3E";
  if (probably3F(image, size)) return "3F";
  return "Unrecognized cartridge; ROM size was " + std::to_string(size);
}

}  // namespace emu
