// The bank-switching schemes, one file each, as the factory in cart.cc chooses among them. Each
// checks the image size it needs and throws std::invalid_argument with a clear message otherwise.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "emu/cart.h"

namespace emu::carts {

// cart_atari.cc: "2K", "4K", "F8", "F8 swapped", "F8SC", "F6", "F6SC", "F4", "F4SC", "FASC";
// nullptr for any other type.
std::unique_ptr<Cartridge> createAtari(const std::string& type, const uint8_t* image, size_t size);
std::unique_ptr<Cartridge> createE0(const uint8_t* image, size_t size);                   // cart_e0.cc
std::unique_ptr<Cartridge> createFE(const uint8_t* image, size_t size);                   // cart_fe.cc
std::unique_ptr<Cartridge> createDpc(const uint8_t* image, size_t size);                  // cart_dpc.cc
std::unique_ptr<Cartridge> createTigervision(const uint8_t* image, size_t size, bool ram);  // cart_3f.cc: 3F, 3E
std::unique_ptr<Cartridge> createMNetwork(const uint8_t* image, size_t size);             // cart_e7.cc: E7
std::unique_ptr<Cartridge> createUa(const uint8_t* image, size_t size);                   // cart_ua.cc: UA
std::unique_ptr<Cartridge> createCommavid(const uint8_t* image, size_t size);             // cart_cv.cc: CV

}  // namespace emu::carts
