import { describe } from 'vitest';
import { defineGameTests, gameIds } from './helpers/all_games.ts';

describe('every game, darkchambers .. frostbite', () => defineGameTests(gameIds().filter((id) => id >= 'd' && id < 'g')));
