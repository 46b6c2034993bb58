import { describe } from 'vitest';
import { defineGameTests, gameIds } from './helpers/all_games.ts';

describe('every game, keystone_kapers .. zaxxon', () => defineGameTests(gameIds().filter((id) => id >= 'keystone')));
