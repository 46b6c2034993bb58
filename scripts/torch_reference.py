"""PyTorch (CPU) reference timings for the benchmarks, run in the same session as ours.

    python3 scripts/torch_reference.py dqn [--reps 30] [--warmup 20] [--threads N]
    python3 scripts/torch_reference.py dqn-serve [--warmup 20] [--threads N]   (timed steps on request, one line each)
    python3 scripts/torch_reference.py gan [--iterations 5] [--threads N]
    python3 scripts/torch_reference.py loop [--steps 5000] [--threads N]

Prints one JSON object on stdout. The networks and the work per step mirror the TypeScript ones
(src/agents/dqn.ts trainStep with the Nature CNN; src/agents/dcgan.ts ganIteration), so the
ratio compares the same arithmetic. bench:dqn and bench:gan call this when a python3 with torch
is found (Debian: apt-get install python3-torch) and fall back to recorded figures otherwise.
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def nature_cnn(n_actions):
    return nn.Sequential(
        nn.Conv2d(4, 32, 8, 4), nn.ReLU(),
        nn.Conv2d(32, 64, 4, 2), nn.ReLU(),
        nn.Conv2d(64, 64, 3, 1), nn.ReLU(),
        nn.Flatten(), nn.Linear(3136, 512), nn.ReLU(), nn.Linear(512, n_actions),
    )


def dqn_session(warmup):
    """The Nature-CNN DQN set-up after `warmup` untimed steps, and a function that times k more."""
    torch.manual_seed(1)
    batch = 32
    online, target = nature_cnn(4), nature_cnn(4)
    opt = torch.optim.Adam(online.parameters(), lr=1e-4, eps=1e-8)
    obs = torch.randint(0, 256, (batch, 4, 84, 84), dtype=torch.uint8)
    next_obs = torch.randint(0, 256, (batch, 4, 84, 84), dtype=torch.uint8)
    actions = torch.randint(0, 4, (batch,))
    rewards = torch.randint(-1, 2, (batch,)).float()
    dones = torch.zeros(batch)

    def train_step():
        with torch.no_grad():
            target_max = target(next_obs.float() / 255.0).max(dim=1).values
            td_target = rewards + 0.99 * target_max * (1 - dones)
        q = online(obs.float() / 255.0).gather(1, actions.unsqueeze(1)).squeeze(1)
        loss = F.smooth_l1_loss(q, td_target)
        opt.zero_grad()
        loss.backward()
        opt.step()

    # As bench:dqn does for ours: the first steps of a process are slower (allocator, caches, JIT
    # on our side), and a training run lives in the steps after them.
    for _ in range(warmup):
        train_step()
        with torch.no_grad():
            online(obs.float() / 255.0)

    def timed(k):
        train, forward = [], []
        for _ in range(k):
            t = time.perf_counter()
            train_step()
            train.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            with torch.no_grad():
                online(obs.float() / 255.0)
            forward.append((time.perf_counter() - t) * 1000)
        return train, forward

    return timed


def bench_dqn(reps, warmup):
    train, forward = dqn_session(warmup)(reps)
    return {"train_ms": statistics.median(train), "forward_ms": statistics.median(forward), "reps": reps}


def serve_dqn(warmup):
    """bench:dqn's turn-taking: once warmed up, print the set-up as one JSON line; then each line
    read from stdin asks for that many timed steps, answered by one JSON line of their times."""
    timed = dqn_session(warmup)
    print(json.dumps(setup()), flush=True)
    for line in sys.stdin:
        train, forward = timed(int(line))
        print(json.dumps({"train": train, "forward": forward}), flush=True)


def generator(latent=100, filters=(512, 256, 128, 64)):
    layers, channels = [], latent
    for i, f in enumerate(filters):
        layers += [nn.ConvTranspose2d(channels, f, 4, 1 if i == 0 else 2, 0 if i == 0 else 1, bias=False),
                   nn.BatchNorm2d(f, momentum=0.1, eps=1e-5), nn.ReLU()]
        channels = f
    layers += [nn.ConvTranspose2d(channels, 3, 4, 2, 1), nn.Tanh()]
    return nn.Sequential(*layers)


def discriminator(filters=(64, 128, 256, 512), slope=0.2):
    layers, channels = [], 3
    for i, f in enumerate(filters):
        layers.append(nn.Conv2d(channels, f, 4, 2, 1, bias=i == 0))
        if i > 0:
            layers.append(nn.BatchNorm2d(f, momentum=0.1, eps=1e-5))
        layers.append(nn.LeakyReLU(slope))
        channels = f
    layers += [nn.Conv2d(channels, 1, 4, 1, 0), nn.Sigmoid(), nn.Flatten()]
    return nn.Sequential(*layers)


def bench_gan(iterations):
    torch.manual_seed(1)
    out = {}
    for batch in (16, 64):
        gen, dis = generator(), discriminator()
        gen_opt = torch.optim.Adam(gen.parameters(), lr=1e-4, betas=(0.5, 0.999))
        dis_opt = torch.optim.Adam(dis.parameters(), lr=1e-4, betas=(0.5, 0.999))
        real = torch.rand(batch, 3, 64, 64) * 2 - 1
        ones, zeros = torch.ones(batch, 1), torch.zeros(batch, 1)

        def iteration():
            # As ganIteration: D on a real and a fake batch, then G through D with a fresh latent.
            fake = gen(torch.randn(batch, 100, 1, 1))
            d_loss = F.binary_cross_entropy(dis(real), ones) + F.binary_cross_entropy(dis(fake.detach()), zeros)
            dis_opt.zero_grad()
            d_loss.backward()
            dis_opt.step()
            g_loss = F.binary_cross_entropy(dis(gen(torch.randn(batch, 100, 1, 1))), ones)
            gen_opt.zero_grad()
            g_loss.backward()
            gen_opt.step()

        iteration()  # warm-up
        t = time.perf_counter()
        for _ in range(iterations):
            iteration()
        out[str(batch)] = {"ms": (time.perf_counter() - t) * 1000 / iterations, "iterations": iterations}
    return out


def bench_loop(steps):
    """CleanRL dqn_atari.py's loop (act every step, replay of whole stacks as SB3's ReplayBuffer keeps
    them, an MSE train step every 4 steps after learning starts, a hard target copy every 1,000)
    with bench:dqn's loop settings. The env is a stand-in that costs nothing (random frames drawn
    beforehand), since ALE's Python package does not install here: the figure is PyTorch's learner
    and loop alone, which flatters it against ours (ours includes our emulator)."""
    torch.manual_seed(1)
    rng = np.random.default_rng(1)
    learning_starts = steps // 4
    total = steps + learning_starts
    buffer_size = 20_000
    online, target = nature_cnn(4), nature_cnn(4)
    target.load_state_dict(online.state_dict())
    opt = torch.optim.Adam(online.parameters(), lr=1e-4)
    pool = rng.integers(0, 256, (64, 1, 4, 84, 84), dtype=np.uint8)
    observations = np.zeros((buffer_size, 1, 4, 84, 84), dtype=np.uint8)
    next_observations = np.zeros((buffer_size, 1, 4, 84, 84), dtype=np.uint8)
    actions_buf = np.zeros((buffer_size, 1), dtype=np.int64)
    rewards_buf = np.zeros((buffer_size, 1), dtype=np.float32)
    dones_buf = np.zeros((buffer_size, 1), dtype=np.float32)
    pos, full = 0, False
    obs = pool[0]
    start = t_learn = time.perf_counter()
    for step in range(total):
        if step == learning_starts + 1:
            t_learn = time.perf_counter()
        eps = max(0.01, 1 - step * (1 - 0.01) / (0.1 * total))
        if rng.random() < eps:
            action = np.array([rng.integers(0, 4)])
        else:
            with torch.no_grad():
                action = torch.argmax(online(torch.Tensor(obs)), dim=1).cpu().numpy()
        next_obs = pool[(step + 1) % 64]
        reward, done = float(rng.integers(-1, 2)), 0.0
        observations[pos] = obs
        next_observations[pos] = next_obs
        actions_buf[pos], rewards_buf[pos], dones_buf[pos] = action, reward, done
        pos = (pos + 1) % buffer_size
        full = full or pos == 0
        obs = next_obs
        if step > learning_starts:
            if step % 4 == 0:
                idx = rng.integers(0, buffer_size if full else pos, 32)
                b_obs = torch.from_numpy(observations[idx, 0]).float()
                b_next = torch.from_numpy(next_observations[idx, 0]).float()
                with torch.no_grad():
                    target_max, _ = target(b_next / 255.0).max(dim=1)
                    td_target = torch.from_numpy(rewards_buf[idx, 0]) + 0.99 * target_max * (1 - torch.from_numpy(dones_buf[idx, 0]))
                old_val = online(b_obs / 255.0).gather(1, torch.from_numpy(actions_buf[idx])).squeeze()
                loss = F.mse_loss(td_target, old_val)
                opt.zero_grad()
                loss.backward()
                opt.step()
            if step % 1000 == 0:
                target.load_state_dict(online.state_dict())
    end = time.perf_counter()
    return {"steps_per_s": total / (end - start), "learning_steps_per_s": (total - learning_starts - 1) / (end - t_learn), "steps": total}


def blas_library():
    """Which BLAS this torch's linear layers run on: Debian's torch links the system libblas.so.3,
    which is OpenBLAS only where an OpenBLAS package (libopenblas0-pthread) provides it, and the
    reference BLAS, about 4x slower, otherwise."""
    torch.matmul(torch.ones(64, 64), torch.ones(64, 64))
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    if any("openblas" in p.lower() for p in paths):
        return "openblas"
    if any("mkl" in p.lower() for p in paths):
        return "mkl"
    return "reference" if paths else "built-in"


def setup():
    return {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_library()}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("what", choices=["dqn", "dqn-serve", "gan", "loop"])
    p.add_argument("--steps", type=int, default=5000)
    p.add_argument("--reps", type=int, default=30)
    p.add_argument("--warmup", type=int, default=20, help="untimed steps first (dqn)")
    p.add_argument("--iterations", type=int, default=5)
    p.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (default: torch's own choice)")
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    if a.what == "dqn-serve":
        return serve_dqn(a.warmup)
    result = bench_dqn(a.reps, a.warmup) if a.what == "dqn" else bench_gan(a.iterations) if a.what == "gan" else bench_loop(a.steps)
    json.dump({**result, **setup()}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
