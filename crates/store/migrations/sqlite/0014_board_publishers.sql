-- Issue 13: offers and needs showed their publisher by e-mail address (the audit label
-- `user:ADDRESS`). From now on `created_by` is the organisation and display name; rows
-- published before keep the account's display name, or a neutral label when the account
-- has no name but its address. The audit trail still records the account.
UPDATE opportunity_offers SET created_by = COALESCE(
    (SELECT u.name FROM users u
      WHERE 'user:' || u.email = opportunity_offers.created_by AND u.name NOT LIKE '%@%'),
    'Jalin')
WHERE created_by LIKE 'user:%' OR created_by LIKE 'system:%';

UPDATE opportunity_needs SET created_by = COALESCE(
    (SELECT u.name FROM users u
      WHERE 'user:' || u.email = opportunity_needs.created_by AND u.name NOT LIKE '%@%'),
    'Pemerintah daerah')
WHERE created_by LIKE 'user:%' OR created_by LIKE 'system:%';
