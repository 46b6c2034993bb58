import { describe } from 'vitest';
import { defineGameTests, gameIds } from './helpers/all_games.ts';

describe('every game, adventure .. crossbow', () => defineGameTests(gameIds().filter((id) => id < 'd')));
