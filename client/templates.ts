/**
 * The templates of views/shared/, compiled into the bundle at build time (scripts/ejs-module.mjs):
 * the browser draws with exactly the markup the server's pages include. Typed entry points.
 */
import sessionCard from '../views/shared/session-card.ejs';
import type { CardModel } from '../views/shared/card';

export const renderCard = (card: CardModel): string => sessionCard({ card });
