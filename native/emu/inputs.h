// What the player and the console switches are doing right now. The environment layer
// writes it before each frame; the RIOT and TIA read it when the game polls its inputs.
#pragma once
#include <cstdint>

namespace emu {

enum class ControllerType : uint8_t { Joystick, Paddles };

struct Inputs {
  // Joystick directions and fire, per port (0 = left, 1 = right), true = pressed.
  bool up[2] = {}, down[2] = {}, left[2] = {}, right[2] = {}, fire[2] = {};
  // Paddles 0..3 (0/1 on the left port, 2/3 on the right): button and pot resistance.
  bool paddleFire[4] = {};
  int32_t paddleResistance[4] = {};
  // Console switches, true = held / position A.
  bool select = false, reset = false;
  // Difficulty switches: -1 = not driven (the switch stays where it was), 0 = B, 1 = A.
  int8_t leftDifficulty = -1, rightDifficulty = -1;
};

// Which controller is plugged into which jack. Inputs are indexed by jack (0 = the left
// controller's events); a cartridge may ask for the ports to be swapped, in which case the
// left controller is read on the right port.
struct PortConfig {
  ControllerType jack[2] = {ControllerType::Joystick, ControllerType::Joystick};
  bool swapPorts = false;
  bool swapPaddles = false;
  int jackAt(int port) const { return swapPorts ? 1 - port : port; }
};

// Pot resistance that never charges (a joystick port's pot lines) and one that charges at once.
constexpr int32_t kMaxResistance = 0x7FFFFFFF;
constexpr int32_t kMinResistance = 0;

}  // namespace emu
