// Cartridges: the ROM image, its bank-switching scheme and any RAM on the cartridge.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "emu/system.h"

namespace emu {

class Cartridge : public Device {
 public:
  virtual const char* type() const = 0;
};

// The bank-switching scheme the reference would pick for this image (e.g. "2K", "F8SC", "E0"),
// or a message starting with "Unrecognized" when none fits.
std::string detectCartType(const uint8_t* image, size_t size);

// Builds the cartridge for `type` ("" = detect). Throws std::invalid_argument with a clear message
// for an empty image or a scheme that is not supported.
std::unique_ptr<Cartridge> createCartridge(const uint8_t* image, size_t size, const std::string& type);

}  // namespace emu
