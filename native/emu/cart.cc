// The factory: picks the bank-switching scheme by name (detected from the image unless given) and
// builds it. Each scheme lives in its own cart_*.cc file, listed in cart_schemes.h.
#include "emu/cart.h"

#include <stdexcept>

#include "emu/cart_schemes.h"

namespace emu {

std::unique_ptr<Cartridge> createCartridge(const uint8_t* image, size_t size, const std::string& requested) {
  if (size == 0) throw std::invalid_argument("the ROM image is empty");
  if (size > 512 * 1024) throw std::invalid_argument("the ROM image is larger than any Atari 2600 cartridge");
  std::string type = requested.empty() ? detectCartType(image, size) : requested;
  if (std::unique_ptr<Cartridge> atari = carts::createAtari(type, image, size)) return atari;
  if (type == "DPC") return carts::createDpc(image, size);
  if (type == "FE") return carts::createFE(image, size);
  if (type == "E0") return carts::createE0(image, size);
  if (type == "3F" || type == "3E") return carts::createTigervision(image, size, type == "3E");
  if (type == "E7") return carts::createMNetwork(image, size);
  if (type == "UA") return carts::createUa(image, size);
  if (type == "CV") return carts::createCommavid(image, size);
  if (type.rfind("Unrecognized", 0) == 0) throw std::invalid_argument(type + ": not an Atari 2600 cartridge image");
  throw std::invalid_argument("cartridge scheme " + type + " is not supported yet");
}

}  // namespace emu
