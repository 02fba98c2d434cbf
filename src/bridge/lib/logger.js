// A pino-shaped logger (Baileys wants one) that writes one JSON line per entry to stderr, where the
// server picks the bridge's output up into its own log.
const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

export function makeLogger(level = process.env.WAPI_BRIDGE_LOG_LEVEL || 'warn', bindings = {}) {
  const threshold = LEVELS[level] ?? LEVELS.warn;
  const logger = { level };
  for (const [name, value] of Object.entries(LEVELS)) {
    if (name === 'silent') {
      continue;
    }
    logger[name] = (objOrMsg, msg) => {
      if (value < threshold) {
        return;
      }
      const entry = { level: name, time: new Date().toISOString(), ...bindings };
      if (typeof objOrMsg === 'string') {
        entry.msg = objOrMsg;
      } else {
        if (objOrMsg instanceof Error) {
          entry.err = objOrMsg.message;
        } else if (objOrMsg && typeof objOrMsg === 'object') {
          for (const [k, v] of Object.entries(objOrMsg)) {
            entry[k] = v instanceof Error ? v.message : v;
          }
        }
        if (msg) {
          entry.msg = msg;
        }
      }
      try {
        process.stderr.write(JSON.stringify(entry) + '\n');
      } catch {
        process.stderr.write(JSON.stringify({ level: name, msg: String(msg ?? objOrMsg) }) + '\n');
      }
    };
  }
  logger.child = (more) => makeLogger(level, { ...bindings, ...more });
  return logger;
}
