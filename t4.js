const { MongoClient } = require('mongodb');
const fs = require('fs');
const pid = fs.readFileSync('.infra/ferretdb.pid', 'utf8').trim();
const fds = (db) => fs.readdirSync(`/proc/${pid}/fd`).filter((f) => { try { return fs.readlinkSync(`/proc/${pid}/fd/${f}`).includes(db + '.sqlite'); } catch { return false; } }).length;
const ops = {
  insertDup: (c, i) => c.insertOne({ _id: 1 }).catch(() => 0),
  insertManyDup: (c, i) => c.insertMany([{ _id: 1 }, { _id: 1000 + i }], { ordered: false }).catch(() => 0),
  uniqueIdxDup: async (c, i) => { if (i === 0) await c.createIndex({ t: 1, p: 1 }, { unique: true }); return c.insertMany([{ t: 'a', p: 'x' }, { t: 'a', p: 'y' + i }], { ordered: false }).catch(() => 0); },
  updateNoMatch: (c) => c.updateOne({ _id: 99, n: 5 }, { $inc: { n: 1 } }),
  famNoMatch: (c) => c.findOneAndUpdate({ _id: 99, n: 5 }, { $inc: { n: 1 } }),
  findIn: (c) => c.find({ _id: { $in: [1, 2, 3] } }).toArray(),
};
(async () => {
  const client = await new MongoClient('mongodb://127.0.0.1:27017').connect();
  for (const [name, op] of Object.entries(ops)) {
    const dbName = 'leak2_' + name.toLowerCase();
    const c = client.db(dbName).collection('x');
    await c.insertOne({ _id: 1, n: 0 });
    try {
      for (let i = 0; i < 40; i++) await Promise.race([op(c, i), new Promise((_, r) => setTimeout(() => r(new Error('stuck at ' + i)), 5000))]);
      console.log(name, 'fds', fds(dbName));
    } catch (e) { console.log(name, 'FAILED', e.message, 'fds', fds(dbName)); }
  }
  await client.close();
})();
