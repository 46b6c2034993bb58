import { describe } from 'vitest';
import { defineGameTests, gameIds } from './helpers/all_games.ts';

describe('every game, galaxian .. kangaroo', () => defineGameTests(gameIds().filter((id) => id >= 'g' && id < 'keystone')));
