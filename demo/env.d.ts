declare module 'virtual:demo-users' {
  const users: { token: string; userId: string; displayName: string; workspaceId: string; role: string }[];
  export default users;
}
