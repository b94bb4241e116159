import { describe, expect, it } from 'vitest';
import { resources, type InstanceType, type Offering } from '../model/index.js';
import { lowerBoundRatePerHour, lowerBoundUsd, unitPricesFromInstanceTypes } from './lower-bound.js';

function type(name: string, allocCpuMillis: number, allocMemoryMiB: number, gpus: number, offerings: Omit<Offering, 'available'>[]): InstanceType {
  // Only the fields the lower bound reads matter here.
  return {
    name,
    allocatable: resources({ cpuMillis: allocCpuMillis, memoryMiB: allocMemoryMiB, gpus }),
    offerings: offerings.map((o) => ({ ...o, available: true })),
  } as unknown as InstanceType;
}

const catalog = [
  type('a', 2000, 4096, 0, [
    { zone: 'z1', capacityType: 'on-demand', pricePerHour: 0.1 },
    { zone: 'z1', capacityType: 'spot', pricePerHour: 0.03 },
  ]),
  type('b', 4000, 32768, 0, [{ zone: 'z1', capacityType: 'on-demand', pricePerHour: 0.2 }]),
  type('g', 8000, 65536, 1, [{ zone: 'z1', capacityType: 'on-demand', pricePerHour: 1.0 }]),
];

describe('unit prices', () => {
  it('takes the cheapest price per allocatable vCPU, GiB and GPU over every offering', () => {
    // a spot: 0.03/2 = 0.015 $/vCPU; b: 0.2/32 = 0.00625 $/GiB; g: 1.0/1 $/GPU
    expect(unitPricesFromInstanceTypes(catalog)).toEqual({ perVcpuHour: 0.015, perGiBHour: 0.00625, perGpuHour: 1 });
  });

  it('honours the filter of offerings the policy may use', () => {
    const od = unitPricesFromInstanceTypes(catalog, (_t, o) => o.capacityType === 'on-demand');
    expect(od).toEqual({ perVcpuHour: 0.05, perGiBHour: 0.00625, perGpuHour: 1 });
    const noGpu = unitPricesFromInstanceTypes(catalog, (t) => t.name !== 'g');
    expect(noGpu.perGpuHour).toBe(0);
  });
});

describe('fluid lower bound', () => {
  const prices = { perVcpuHour: 0.04, perGiBHour: 0.005, perGpuHour: 2 };

  it('prices the binding resource at each instant', () => {
    expect(lowerBoundRatePerHour(prices, 2000, 8192, 0)).toBeCloseTo(0.08, 12); // cpu binds
    expect(lowerBoundRatePerHour(prices, 1000, 32768, 0)).toBeCloseTo(0.16, 12); // memory binds
    expect(lowerBoundRatePerHour(prices, 0, 0, 1)).toBe(2); // gpu binds
  });

  it('integrates a step timeline to the horizon', () => {
    // 0–1800: 0.08 $/h × 0.5 h; 1800–5400: 0.16 × 1 h; 5400–7200: 1 GPU, 2 $/h × 0.5 h → 1.2 $
    const usd = lowerBoundUsd(
      prices,
      [
        { at: 0, cpuMillis: 2000, memoryMiB: 8192, gpus: 0 },
        { at: 1800, cpuMillis: 1000, memoryMiB: 32768, gpus: 0 },
        { at: 5400, cpuMillis: 0, memoryMiB: 0, gpus: 1 },
      ],
      7200,
    );
    expect(usd).toBeCloseTo(1.2, 12);
  });
});
