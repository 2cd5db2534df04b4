// Setup shared by the suites: a Folio without mail, users signed up through the SDK, and a
// space with its members created by its owner's client, as a frontend does.
import { startFolio } from './server.mjs';
import { newUser, randomSecret } from './users.mjs';

/**
 * startWithUsers starts Folio without a mailbox and signs up and in one user per name, with the
 * e-mail prefix `${prefix}-${name}`. Returns { server, users } (users by name, as newUser).
 */
export async function startWithUsers(prefix, names) {
  const server = await startFolio({ mail: false });
  const users = {};
  for (const name of names) users[name] = await newUser(server, { prefix: `${prefix}-${name}` });
  return { server, users };
}

/**
 * newSpace creates a space through owner's client — slug `${prefix}-<random>`, source locale en
 * — then makes each [user, role] of members a member through server's superuser (people join a
 * space by accepting an invitation; only a superuser adds someone directly). Returns the space
 * record.
 */
export async function newSpace(owner, { server, prefix, name = prefix, visibility = 'private', locales = ['en'], members = [] }) {
  const space = await owner.pb.collection('spaces').create({
    slug: `${prefix}-${randomSecret(4)}`, name, visibility, source_locale: 'en', locales,
  });
  if (members.length > 0) {
    const admin = await server.admin();
    for (const [user, role] of members) {
      await admin.collection('memberships').create({ space: space.id, user: user.id, role });
    }
  }
  return space;
}
