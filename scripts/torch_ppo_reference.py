"""PyTorch (CPU) timing of one PPO minibatch update as ppo_atari's, for npm run bench:ppo.

    python3 scripts/torch_ppo_reference.py [--minibatch 256] [--reps 5]

The Nature CNN trunk with a policy and a value head on uint8 stacks [4, 84, 84] scaled by 1/255,
the clipped surrogate and clipped value losses with the entropy bonus, backward, gradient-norm
clipping at 0.5 and Adam (eps 1e-5): the arithmetic of src/agents/ppo.ts's minibatch step.
Prints one JSON object on stdout.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn


class Agent(nn.Module):
    def __init__(self, n_actions):
        super().__init__()
        self.trunk = nn.Sequential(
            nn.Conv2d(4, 32, 8, 4), nn.ReLU(), nn.Conv2d(32, 64, 4, 2), nn.ReLU(),
            nn.Conv2d(64, 64, 3, 1), nn.ReLU(), nn.Flatten(), nn.Linear(3136, 512), nn.ReLU(),
        )
        self.pi = nn.Linear(512, n_actions)
        self.v = nn.Linear(512, 1)

    def forward(self, x):
        h = self.trunk(x / 255.0)
        return self.pi(h), self.v(h).view(-1)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--minibatch", type=int, default=256)
    p.add_argument("--reps", type=int, default=5)
    a = p.parse_args()
    torch.manual_seed(1)
    n = a.minibatch
    agent = Agent(4)
    opt = torch.optim.Adam(agent.parameters(), lr=2.5e-4, eps=1e-5)
    obs = torch.randint(0, 256, (n, 4, 84, 84), dtype=torch.uint8).float()
    actions = torch.randint(0, 4, (n,))
    old_logp = torch.full((n,), -1.386)
    adv = torch.randn(n)
    returns = torch.randn(n)
    old_v = torch.randn(n)

    def step():
        logits, v = agent(obs)
        dist = torch.distributions.Categorical(logits=logits)
        logp = dist.log_prob(actions)
        ratio = (logp - old_logp).exp()
        nadv = (adv - adv.mean()) / (adv.std() + 1e-8)
        pg = torch.max(-nadv * ratio, -nadv * ratio.clamp(0.9, 1.1)).mean()
        v_clip = old_v + (v - old_v).clamp(-0.1, 0.1)
        vl = 0.5 * torch.max((v - returns) ** 2, (v_clip - returns) ** 2).mean()
        loss = pg - 0.01 * dist.entropy().mean() + 0.5 * vl
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(agent.parameters(), 0.5)
        opt.step()

    step()
    times = []
    for _ in range(a.reps):
        t = time.perf_counter()
        step()
        times.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"minibatch_ms": statistics.median(times), "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
