import { describe, expect, it } from "vitest";
import {
  binomialCdf,
  chiSquare1Survival,
  normalCdf,
  normalQuantile,
  normalTwoSidedPValue,
  studentTTwoSidedPValue,
} from "@/lib/stats/distributions";
import { erfc, logGamma, regularizedBeta, regularizedGammaUpper } from "@/lib/stats/special-functions";
import { expectClose } from "./expect-close";

describe("special functions (against scipy.special)", () => {
  it.each([
    [0.1, 2.252712651734206],
    [0.5, 0.5723649429247],
    [2.5, 0.2846828704729192],
    [10, 12.801827480081469],
    [171.3, 708.1149470389971],
    [1e5, 1051287.7089736569],
  ])("logGamma(%d)", (x, expected) => expectClose(logGamma(x), expected, 1e-13));

  it("logGamma(1) is 0 and refuses x ≤ 0", () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-15);
    expect(() => logGamma(0)).toThrow(RangeError);
  });

  it.each([
    [-2, 1.9953222650189528],
    [0, 1],
    [0.3, 0.6713732405408726],
    [1, 0.15729920705028516],
    [Math.sqrt(1.5), 0.08326451666355045],
    [3, 2.2090496998585445e-5],
    [10, 2.0884875837625446e-45],
    [26, 5.663192408856145e-296],
  ])("erfc(%d) keeps relative precision into the tail", (x, expected) => expectClose(erfc(x), expected, 1e-12));

  it.each([
    [2.5, 0.5, 0.9625657732472964],
    [2.5, 3.5, 0.22064030793671066],
    [2.5, 50, 5.285148360943219e-20],
    [0.5, 1e-8, 0.9998871620836666],
  ])("regularizedGammaUpper(%d, %d)", (a, x, expected) => expectClose(regularizedGammaUpper(a, x), expected, 1e-12));

  it.each([
    [0.3, 2, 5, 0.5798250000000003],
    [0.9, 0.5, 0.5, 0.7951672353008665],
    [0.01, 10, 0.5, 1.770034965528571e-21],
    [0.5, 100, 120, 0.9117960627949818],
  ])("regularizedBeta(%d; %d, %d)", (x, a, b, expected) => expectClose(regularizedBeta(x, a, b), expected, 1e-11));
});

describe("distributions (against scipy.stats)", () => {
  it.each([
    [-8, 6.22096057427174e-16],
    [-1.5, 0.06680720126885807],
    [0, 0.5],
    [2, 0.9772498680518208],
  ])("normalCdf(%d)", (z, expected) => expectClose(normalCdf(z), expected, 1e-12));

  it.each([
    [0.5, 0.6170750774519738],
    [-3, 0.0026997960632601866],
    [9, 2.2571768119076647e-19],
  ])("normalTwoSidedPValue(%d)", (z, expected) => expectClose(normalTwoSidedPValue(z), expected, 1e-12));

  it.each([
    [0.975, 1.959963984540054],
    [0.995, 2.5758293035489004],
    [1e-10, -6.361340902404056],
    [0.9, 1.2815515655446004],
  ])("normalQuantile(%d)", (probability, expected) => expectClose(normalQuantile(probability), expected, 1e-12));

  it("normalQuantile(0.5) is 0 and refuses 0 and 1", () => {
    expect(Math.abs(normalQuantile(0.5))).toBeLessThan(1e-15);
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });

  it.each([
    [0, 1],
    [3.841458820694124, 0.04999999999999989],
    [16.81779661016949, 4.114562281345944e-5],
    [100, 1.5239706048320995e-23],
  ])("chiSquare1Survival(%d)", (x, expected) => expectClose(chiSquare1Survival(x), expected, 1e-12));

  it.each([
    [2.1, 5, 0.08975324988459879],
    [-0.7, 30, 0.48932044349967163],
    [12, 3, 0.0012450158007893362],
    [0, 7, 1],
  ])("studentTTwoSidedPValue(%d, df=%d)", (t, df, expected) => expectClose(studentTTwoSidedPValue(t, df), expected, 1e-11));

  it.each([
    [2, 10, 0.5, 0.0546875],
    [3, 20, 0.3, 0.10708680450373087],
    [400, 1000, 0.5, 1.3642320780329735e-10],
    [10, 5000, 0.5, 0],
    [-1, 5, 0.5, 0],
    [5, 5, 0.5, 1],
  ])("binomialCdf(%d; n=%d, p=%d)", (k, trials, probability, expected) => expectClose(binomialCdf(k, trials, probability), expected, 1e-11));
});
