// Run by the compose service mongo-init with mongosh, as the root user, against mongo-1 directly.
// 1. initiates the replica set rs0 of mongo-1, mongo-2 and mongo-3 (once; later runs see it done),
// 2. waits for a primary,
// 3. creates (or updates the password of) one user per service, allowed on its own database only
//    (ARCHITECTURE §2: no service reads another's collections). Passwords come from the
//    environment, never from this file; a service without a password is skipped.
const replicaSet = "rs0";
const hosts = ["mongo-1:27017", "mongo-2:27017", "mongo-3:27017"];
const services = ["gateway", "ideas", "voting", "exhibitions", "hackathons"];
const prefix = process.env.MONGODB_DB_PREFIX || "oecherlab_";

try {
  rs.status();
  print(`replica set ${replicaSet} already initiated`);
} catch (error) {
  if (error.codeName !== "NotYetInitialized") throw error;
  rs.initiate({
    _id: replicaSet,
    // mongo-1 is preferred as primary so that this script, connected to it, can go on writing.
    members: hosts.map((host, i) => ({ _id: i, host, priority: i === 0 ? 2 : 1 })),
  });
  print(`replica set ${replicaSet} initiated with ${hosts.join(", ")}`);
}

for (let waited = 0; !db.hello().isWritablePrimary; waited += 1) {
  if (waited >= 120) throw new Error("mongo-1 did not become primary within 60 s");
  sleep(500);
}

const admin = db.getSiblingDB("admin");
for (const service of services) {
  const variable = `${service.toUpperCase()}_DB_PASSWORD`;
  const pwd = process.env[variable];
  if (!pwd) {
    print(`skipping user ${service}: ${variable} is not set`);
    continue;
  }
  const roles = [{ role: "readWrite", db: prefix + service }];
  if (admin.getUser(service)) {
    admin.updateUser(service, { pwd, roles });
    print(`updated user ${service} (readWrite on ${prefix}${service})`);
  } else {
    admin.createUser({ user: service, pwd, roles });
    print(`created user ${service} (readWrite on ${prefix}${service})`);
  }
}
