export { NotFoundScreen as default } from '../src/features/errors/NotFoundScreen';
