// Browser tests of the widgets: real Chromium, real DOM events.
// Run: npx karma start karma.conf.cjs
const path = require("path");

module.exports = (config) => {
  config.set({
    frameworks: ["mocha", "webpack"],
    files: [{ pattern: "test/browser/*.test.ts", watched: false }],
    preprocessors: { "test/browser/*.test.ts": ["webpack"] },
    webpack: {
      mode: "development",
      devtool: false,
      resolve: { extensions: [".ts", ".js"], extensionAlias: { ".js": [".ts", ".js"] } },
      module: {
        rules: [
          {
            test: /\.ts$/,
            loader: "ts-loader",
            options: { configFile: path.resolve(__dirname, "tsconfig.browser.json"), transpileOnly: true },
          },
        ],
      },
    },
    plugins: ["karma-mocha", "karma-webpack", "karma-chrome-launcher"],
    browsers: ["ChromiumHeadlessCI"],
    customLaunchers: {
      ChromiumHeadlessCI: {
        base: "ChromeHeadless",
        flags: [
          "--no-sandbox",
          "--headless",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--disable-quic",
          "--window-size=1000,1200",
        ],
      },
    },
    client: { mocha: { timeout: 10000 } },
    reporters: ["progress"],
    singleRun: true,
    browserNoActivityTimeout: 120000,
    concurrency: 1,
  });
};
process.env.CHROME_BIN = process.env.CHROME_BIN || "/usr/bin/chromium";
