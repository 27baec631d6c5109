// Run by Windows node.exe under Wine 10 (test/wine/office-com.test.ts): the COM office backend's object bridge
// (native/win/office_*) against the COM servers Wine ships, Scripting.Dictionary and Scripting.FileSystemObject
// (scrrun.dll), through the addon's officeRun export. Every batch's outcome goes into one JSON report on stdout;
// the test asserts on it. Many checks per launch (a launch costs seconds).
//
//   node.exe office-com.cjs <lam_bridge.node> [busy]
//
// With `busy`, also LamBridge.BusyServerDouble (test/native/win/busy_server, registered in the prefix by the test):
// the busy-server retries, a deferred EXCEPINFO and puArgErr.
'use strict';
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

const step = (what) => process.stderr.write(`[${Math.round(process.uptime() * 1000)} ms] ${what}\n`);

function makeRun(addon) {
  // One batch; its results, or the error's code, message and detail.
  return (ops, timeoutMs = 10000) =>
    addon.officeRun({ ops, timeoutMs }).then(
      (json) => ({ results: JSON.parse(json).results }),
      (e) => ({ code: e.code, message: e.message, detail: e.detail }),
    );
}

if (!isMainThread) {
  // Another addon instance (its own office service thread and registry): a handle of the main thread's is unknown.
  const run = makeRun(require(workerData.addonPath));
  (async () => {
    const foreign = await run([{ op: 'get', target: { $handle: workerData.handle }, name: 'Count' }]);
    const own = await run([{ op: 'connect', target: 'Scripting.Dictionary', mode: 'create' }]);
    parentPort.postMessage({ foreign, own });
  })();
  return;
}

const [addonPath, withBusy] = process.argv.slice(2);
const addon = require(addonPath);
const run = makeRun(addon);
const h = (n) => ({ $handle: n });
const TEXT = 'é ж € ✓';

(async () => {
  const r = {};
  step('dictionary');
  const dictConnect = await run([{ op: 'connect', target: 'Scripting.Dictionary', mode: 'create' }]);
  r.dictConnect = dictConnect;
  const dict = h(dictConnect.results[0].$handle);
  r.dictionary = await run([
    { op: 'call', target: dict, name: 'Add', args: ['a', 1] },
    { op: 'call', target: dict, name: 'Add', args: ['b', TEXT] },
    { op: 'get', target: dict, name: 'Count' },
    { op: 'get', target: dict, name: 'Item', args: ['a'] },
    { op: 'set', target: dict, name: 'Item', args: ['a'], value: 42 },
    { op: 'get', target: dict, name: 'Item', args: ['a'] },
    { op: 'call', target: dict, name: 'Exists', args: ['b'] },
    { op: 'call', target: dict, name: 'Exists', args: ['zz'] },
    { op: 'call', target: dict, name: 'Keys' },
    { op: 'call', target: dict, name: 'Items' },
  ]);
  r.removeMissing = await run([{ op: 'call', target: dict, name: 'Remove', args: ['no such key'] }]);
  r.removeExisting = await run([
    { op: 'call', target: dict, name: 'Remove', args: ['b'] },
    { op: 'get', target: dict, name: 'Count' },
  ]);
  r.itemOfMissingKeyIndex = await run([{ op: 'get', target: dict, name: 'Item', args: ['never added'] }]);

  // CompareMode can only change while the dictionary is empty: TextCompare (1) makes keys case-insensitive.
  r.compareMode = await run([
    { op: 'connect', target: 'Scripting.Dictionary', mode: 'create' },
    { op: 'get', target: { $ref: 0 }, name: 'CompareMode' },
    { op: 'set', target: { $ref: 0 }, name: 'CompareMode', value: 1 },
    { op: 'get', target: { $ref: 0 }, name: 'CompareMode' },
    { op: 'call', target: { $ref: 0 }, name: 'Add', args: ['Key', 'v'] },
    { op: 'call', target: { $ref: 0 }, name: 'Exists', args: ['KEY'] },
  ]);

  step('values through a Dictionary item (put, then read back)');
  const values = {
    int: 7,
    negative: -2147483648,
    big: 3000000000,
    fraction: 1.5,
    empty: null,
    yes: true,
    text: TEXT,
    list: [1, 'two', null, false],
    ragged: [[1], [2, 3]],
    matrix: [[1, 2, 3], [4, 5, 6]],
    matrixOfText: [['a', 'b'], ['c', TEXT], ['e', 'f']],
    i2: { $type: 'i2', value: 7 },
    r4: { $type: 'r4', value: 0.5 },
    cy: { $type: 'cy', value: 1.2345 },
    date: { $type: 'date', value: 45000.25 },
    bstrFromNumber: { $type: 'bstr', value: 12 },
    boolFromNumber: { $type: 'bool', value: 1 },
    i4FromText: { $type: 'i4', value: '123' },
    missing: { $type: 'missing' },
  };
  const names = Object.keys(values);
  const put = await run([
    { op: 'connect', target: 'Scripting.Dictionary', mode: 'create' },
    ...names.map((k) => ({ op: 'call', target: { $ref: 0 }, name: 'Add', args: [k, values[k]] })),
    ...names.map((k) => ({ op: 'get', target: { $ref: 0 }, name: 'Item', args: [k] })),
  ]);
  r.values = put.results ? Object.fromEntries(names.map((k, i) => [k, put.results[1 + names.length + i]])) : put;
  r.valueErrors = {
    i2Overflow: await run([{ op: 'call', target: dict, name: 'Add', args: ['o', { $type: 'i2', value: 70000 }] }]),
    unknownType: await run([{ op: 'call', target: dict, name: 'Add', args: ['o', { $type: 'quaternion', value: 1 }] }]),
    plainObject: await run([{ op: 'call', target: dict, name: 'Add', args: ['o', { a: 1 }] }]),
    unoStruct: await run([{ op: 'call', target: dict, name: 'Add', args: ['o', { $struct: 'x', fields: {} }] }]),
    staleHandleArg: await run([{ op: 'call', target: dict, name: 'Add', args: ['o', { $handle: 987654321 }] }]),
  };
  r.countAfterValueErrors = await run([{ op: 'get', target: dict, name: 'Count' }]);

  step('file system object');
  const fsoConnect = await run([{ op: 'connect', target: 'Scripting.FileSystemObject' }]);
  r.fsoConnect = fsoConnect;
  const fso = h(fsoConnect.results[0].$handle);
  const temp = await run([
    { op: 'call', target: fso, name: 'GetSpecialFolder', args: [2] },
    { op: 'get', target: { $ref: 0 }, name: 'Path' },
  ]);
  r.temp = temp;
  const folder = temp.results[1];
  const built = await run([{ op: 'call', target: fso, name: 'BuildPath', args: [folder, `lamb-office-com-${process.pid}.txt`] }]);
  r.buildPath = built;
  const file = built.results[0];
  r.write = await run([
    { op: 'call', target: fso, name: 'CreateTextFile', args: [file, true, true] }, // overwrite, Unicode (UTF-16)
    { op: 'call', target: { $ref: 0 }, name: 'WriteLine', args: [TEXT] },
    { op: 'call', target: { $ref: 0 }, name: 'Close' },
    { op: 'release', target: { $ref: 0 } },
  ]);
  r.read = await run([
    { op: 'call', target: fso, name: 'OpenTextFile', args: [file, 1, false, -1] }, // ForReading, no create, TristateTrue
    { op: 'call', target: { $ref: 0 }, name: 'ReadAll' },
    { op: 'call', target: { $ref: 0 }, name: 'Close' },
  ]);
  r.readNamed = await run([
    { op: 'call', target: fso, name: 'OpenTextFile', args: [file], named: { IOMode: 1, Format: -1 } },
    { op: 'call', target: { $ref: 0 }, name: 'ReadAll' },
    { op: 'call', target: { $ref: 0 }, name: 'Close' },
  ]);
  r.readMissingArg = await run([
    { op: 'call', target: fso, name: 'OpenTextFile', args: [file, { $type: 'missing' }, { $type: 'missing' }, -1] },
    { op: 'call', target: { $ref: 0 }, name: 'ReadAll' },
    { op: 'call', target: { $ref: 0 }, name: 'Close' },
  ]);
  r.unknownNamedArg = await run([{ op: 'call', target: fso, name: 'OpenTextFile', args: [file], named: { NoSuchArgument: 1 } }]);
  r.fileInfo = await run([
    { op: 'call', target: fso, name: 'FileExists', args: [file] },
    { op: 'call', target: fso, name: 'GetFile', args: [file] },
    { op: 'get', target: { $ref: 1 }, name: 'Size' },
    { op: 'get', target: { $ref: 1 }, name: 'Name' },
  ]);
  r.sameObject = await run([
    { op: 'set', target: dict, name: 'Item', args: ['fso'], value: fso },
    { op: 'get', target: dict, name: 'Item', args: ['fso'] },
    { op: 'call', target: dict, name: 'Items' },
    { op: 'call', target: fso, name: 'GetFile', args: [file] },
    { op: 'call', target: fso, name: 'GetFile', args: [file] },
  ]);
  r.delete = await run([
    { op: 'call', target: fso, name: 'DeleteFile', args: [file] },
    { op: 'call', target: fso, name: 'FileExists', args: [file] },
  ]);
  r.missingFile = await run([{ op: 'call', target: fso, name: 'GetFile', args: [file] }]);
  r.openMissing = await run([{ op: 'call', target: fso, name: 'OpenTextFile', args: [file, 1] }]);

  step('errors');
  r.unregistered = await run([{ op: 'connect', target: 'LamBridge.NoSuchServer' }]);
  r.unregisteredClsid = await run([{ op: 'connect', target: '{6D5140C1-7436-11CE-8034-00AA006009FA}', mode: 'create' }]);
  r.notRunning = await run([{ op: 'connect', target: 'Scripting.Dictionary', mode: 'active' }]);
  r.unknownMember = await run([{ op: 'get', target: dict, name: 'NoSuchMember' }]);
  r.typeMismatch = await run([{ op: 'call', target: fso, name: 'GetSpecialFolder', args: ['not a number'] }]);
  r.badParamCount = await run([{ op: 'call', target: fso, name: 'BuildPath', args: ['only one'] }]);
  r.targetNotObject = await run([
    { op: 'get', target: dict, name: 'Count' },
    { op: 'get', target: { $ref: 0 }, name: 'Count' },
  ]);
  r.stopsAtFirstFailure = await run([
    { op: 'connect', target: 'Scripting.Dictionary', mode: 'create' },
    { op: 'call', target: { $ref: 0 }, name: 'Add', args: ['x', 1] },
    { op: 'get', target: { $ref: 0 }, name: 'Nope' },
    { op: 'call', target: { $ref: 0 }, name: 'Add', args: ['y', 2] },
  ]);
  const afterFailure = r.stopsAtFirstFailure.code
    ? await run([{ op: 'connect', target: 'Scripting.Dictionary', mode: 'create' }])
    : null;
  r.afterFailureNewDictionary = afterFailure;

  step('handles');
  const twoDicts = await run([
    { op: 'connect', target: 'Scripting.Dictionary', mode: 'create' },
    { op: 'connect', target: 'Scripting.Dictionary', mode: 'create' },
  ]);
  r.twoDicts = twoDicts;
  const doomed = h(twoDicts.results[0].$handle);
  r.release = await run([{ op: 'release', target: doomed }, { op: 'release', target: doomed }]);
  r.afterRelease = await run([{ op: 'get', target: doomed, name: 'Count' }]);
  r.releaseUnknown = await run([{ op: 'release', target: { $handle: 123456789 } }]);

  if (withBusy === 'busy') {
    step('busy server double');
    r.busyConnect = await run([{ op: 'connect', target: 'LamBridge.BusyServerDouble', mode: 'create' }]);
    const busy = h(r.busyConnect.results[0].$handle);
    r.busyRecovers = await run([
      { op: 'set', target: busy, name: 'Reject', value: 3 },
      { op: 'call', target: busy, name: 'Ping' },
      { op: 'get', target: busy, name: 'Pings' },
    ]);
    r.busyRetryLater = await run([
      { op: 'set', target: busy, name: 'RejectWith', value: 1 },
      { op: 'set', target: busy, name: 'Reject', value: 2 },
      { op: 'call', target: busy, name: 'Ping' },
      { op: 'get', target: busy, name: 'Pings' },
    ]);
    await run([
      { op: 'set', target: busy, name: 'RejectWith', value: 0 },
      { op: 'set', target: busy, name: 'Reject', value: -1 },
    ]);
    r.busyForever = await run([{ op: 'call', target: busy, name: 'Ping' }], 300);
    r.busyAfter = await run([
      { op: 'set', target: busy, name: 'Reject', value: 0 },
      { op: 'get', target: busy, name: 'Pings' },
      { op: 'call', target: busy, name: 'Ping' },
    ]);
    r.deferredException = await run([{ op: 'call', target: busy, name: 'Raise' }]);
    r.argumentError = await run([{ op: 'call', target: busy, name: 'Typed', args: ['first', 'second'] }]);

    // The HRESULT -> code table, one answer at a time (hex as written in winerror.h; |0 makes it an int32, VT_I4).
    const answers = ['0x8002000B', '0x8002000F', '0x8002000A', '0x80020003', '0x80020007', '0x80020004', '0x80020008',
      '0x800401FD', '0x80010108', '0x800706BA', '0x80070005', '0x80070057', '0x80004005', '0x80004001'];
    r.failures = {};
    for (const hex of answers) r.failures[hex] = await run([{ op: 'call', target: busy, name: 'Fail', args: [Number(hex) | 0] }]);

    step('busy server double, out of process');
    r.remoteConnect = await run([{ op: 'connect', target: 'LamBridge.BusyServerDouble.Remote', mode: 'create' }], 30000);
    if (r.remoteConnect.results) {
      const remote = h(r.remoteConnect.results[0].$handle);
      r.callerPid = process.pid;
      r.remote = await run([
        { op: 'get', target: remote, name: 'ProcessId' },
        { op: 'set', target: remote, name: 'Reject', value: 2 },
        { op: 'call', target: remote, name: 'Ping' },
        { op: 'get', target: remote, name: 'Pings' },
      ]);
      r.remoteDies = await run([{ op: 'call', target: remote, name: 'Die' }]);
      r.remoteAfterDeath = await run([{ op: 'get', target: remote, name: 'Pings' }]);
    }
  }

  step('another addon instance');
  r.worker = await new Promise((resolve) => {
    const w = new Worker(__filename, { workerData: { addonPath, handle: dict.$handle } });
    w.once('message', resolve);
    w.once('error', (e) => resolve({ error: String(e) }));
  });
  step('done');
  process.stdout.write(JSON.stringify(r) + '\n');
})().catch((e) => {
  process.stdout.write(JSON.stringify({ fatal: String(e && e.stack) }) + '\n');
  process.exitCode = 1;
});
