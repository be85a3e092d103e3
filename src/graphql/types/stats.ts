import type { Dashboard, DashboardStats, GpuCount } from '../../domain/stats.js';
import { builder } from '../builder.js';
import { Provider } from './provider.js';

export const DashboardTotals = builder.objectRef<DashboardStats>('DashboardTotals').implement({
  description: 'Marketplace totals. Active jobs are queued, pending or running; today starts at 00:00 UTC. Amounts in halala.',
  fields: (t) => ({
    totalProviders: t.exposeInt('totalProviders', { description: 'Every provider, whatever its approval.' }),
    onlineNow: t.exposeInt('onlineNow', { description: 'Providers whose last heartbeat is within the offline threshold.' }),
    offline: t.exposeInt('offline', { description: 'Providers without a recent heartbeat.' }),
    totalRenters: t.exposeInt('totalRenters', { description: 'Every renter account.' }),
    activeRenters: t.exposeInt('activeRenters', { description: 'Renters with an ACTIVE account.' }),
    totalRenterBalanceHalala: t.expose('totalRenterBalanceHalala', { description: 'What renters hold in spendable balances, together.', type: 'SafeInt' }),
    totalJobs: t.exposeInt('totalJobs', { description: 'Every job ever submitted.' }),
    completedJobs: t.exposeInt('completedJobs', { description: 'Jobs COMPLETED.' }),
    failedJobs: t.exposeInt('failedJobs', { description: 'Jobs FAILED.' }),
    activeJobs: t.exposeInt('activeJobs', { description: 'Jobs queued, pending or running now.' }),
    totalRevenueHalala: t.expose('totalRevenueHalala', { type: 'SafeInt', description: 'What renters paid for completed jobs.' }),
    totalPlatformFeesHalala: t.expose('totalDc1FeesHalala', { type: 'SafeInt', description: 'The platform’s share of that revenue.' }),
    todayRevenueHalala: t.expose('todayRevenueHalala', { description: 'Revenue of jobs completed today.', type: 'SafeInt' }),
    todayPlatformFeesHalala: t.expose('todayDc1FeesHalala', { description: 'The platform’s share of today’s revenue.', type: 'SafeInt' }),
    todayJobs: t.exposeInt('todayJobs', { description: 'Jobs completed today.' }),
    timestamp: t.expose('timestamp', { type: 'DateTime', description: 'When the figures were computed.' }),
  }),
});

const GpuModelCount = builder.objectRef<GpuCount>('GpuModelCount').implement({
  description: 'How many providers report one GPU model.',
  fields: (t) => ({
    gpuModel: t.exposeString('gpuModel', { nullable: true, description: 'Null for providers that never reported one.' }),
    count: t.exposeInt('count', { description: 'Providers with that GPU model.' }),
  }),
});

export const AdminDashboard = builder.objectRef<Dashboard>('AdminDashboard').implement({
  description: 'What the admin console’s home page shows.',
  fields: (t) => ({
    totals: t.expose('stats', { description: 'The marketplace totals.', type: DashboardTotals }),
    gpuBreakdown: t.expose('gpuBreakdown', { type: [GpuModelCount], description: 'Providers per GPU model, most common first.' }),
    recentSignups: t.expose('recentSignups', { type: [Provider], description: 'The 5 newest providers.' }),
    recentHeartbeats: t.expose('recentHeartbeats', { type: [Provider], description: 'The 10 providers heard from most recently.' }),
  }),
});

builder.queryField('adminDashboard', (t) =>
  t.field({
    type: AdminDashboard,
    description: 'The admin dashboard (admin).',
    authScopes: { admin: true },
    resolve: (_root, _args, ctx) => ctx.gateway.domain.stats.dashboard(ctx.principal),
  }),
);
