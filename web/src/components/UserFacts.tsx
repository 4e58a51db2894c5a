import { useTranslation } from 'react-i18next';
import type { Me } from '../api/types.js';

/** Who is signed in: name, user name, agency and role (the user menu and the account page). */
export function UserFacts({ me, testId, roleTestId }: { me: Me; testId?: string; roleTestId?: string }) {
  const { t } = useTranslation();
  return (
    <dl className="facts" data-testid={testId}>
      <dt>{t('user.name')}</dt>
      <dd>{me.displayName || me.username}</dd>
      <dt>{t('user.username')}</dt>
      <dd><code>{me.username}</code></dd>
      <dt>{t('user.agency')}</dt>
      <dd>{me.agency.name}</dd>
      <dt>{t('user.role')}</dt>
      <dd data-testid={roleTestId}>{t(`role.${me.role}`, { defaultValue: me.role })}</dd>
    </dl>
  );
}
