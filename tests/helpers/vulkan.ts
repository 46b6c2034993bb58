// Whether this machine has a Vulkan driver at all: the webgpu tests skip only where it has none.
// A driver that Dawn refuses (Mesa before 23, say) is a failure, with the reason, not a skip.
import fs from 'node:fs';
import path from 'node:path';

const ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];

/** Why the webgpu tests cannot run here, or undefined where a Vulkan driver is installed. */
export function noVulkanReason(): string | undefined {
  if (process.platform !== 'linux') return undefined; // Metal / D3D12: Dawn's own backends, always there
  if (process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES) return undefined;
  const found = ICD_DIRS.some((d) => fs.existsSync(d) && fs.readdirSync(d).some((f) => path.extname(f) === '.json'));
  return found ? undefined : 'no Vulkan driver installed (no ICD manifest in /usr/share/vulkan/icd.d or /etc/vulkan/icd.d): apt-get install mesa-vulkan-drivers';
}

const reason = noVulkanReason();
if (reason) console.warn(`webgpu tests skipped: ${reason}`);
export const hasVulkan = reason === undefined;
