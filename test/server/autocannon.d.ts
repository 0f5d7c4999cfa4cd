// autocannon ships no type declarations: the call and the result fields
// that loadScenario.ts uses.
declare module "autocannon" {
  namespace autocannon {
    interface Result {
      requests: { average: number; total: number; sent: number };
      latency: { p50: number; p99: number; average: number; max: number };
      errors: number;
      timeouts: number;
      non2xx: number;
      mismatches: number;
      "2xx": number;
      duration: number;
    }
  }
  function autocannon(opts: object): Promise<autocannon.Result>;
  export = autocannon;
}
